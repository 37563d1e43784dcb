# Runs the command recorded in a profile's recipe (profiles/NAME.cmd) and requires the
# committed profile to be byte-identical to what it writes.
#   PROGRAM  the fasdl-profile binary
#   RECIPE   profiles/NAME.cmd: '#' comment lines, then one command, lines joined by '\'
#   SHARED   the reference data folder that the recipe's ../shared stands for
#   OUT      where to write the regenerated profile
# Runs from the repository's root (the recipe's paths are relative to it).
file(READ "${RECIPE}" text)
string(REGEX REPLACE "(^|\n)#[^\n]*" "\\1" text "${text}")
string(REPLACE "\\\n" " " text "${text}")
string(STRIP "${text}" text)
separate_arguments(words UNIX_COMMAND "${text}")
list(POP_FRONT words program_name)
if(NOT program_name STREQUAL "fasdl-profile")
  message(FATAL_ERROR "${RECIPE}: expected a fasdl-profile command, got ${program_name}")
endif()
set(args "")
set(committed "")
set(after_output FALSE)
foreach(word IN LISTS words)
  if(after_output)
    set(committed "${word}")
    list(APPEND args "${OUT}")
    set(after_output FALSE)
  elseif(word STREQUAL "-o" OR word STREQUAL "--output")
    list(APPEND args "${word}")
    set(after_output TRUE)
  else()
    string(REGEX REPLACE "^\\.\\./shared/" "${SHARED}/" word "${word}")
    list(APPEND args "${word}")
  endif()
endforeach()
if(committed STREQUAL "")
  message(FATAL_ERROR "${RECIPE}: the command has no -o PROFILE")
endif()
execute_process(COMMAND "${PROGRAM}" ${args} RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${RECIPE}: fasdl-profile exited ${code}\n${err}")
endif()
file(READ "${committed}" want)
file(READ "${OUT}" got)
if(NOT want STREQUAL got)
  message(FATAL_ERROR "${committed} is stale: it differs from what ${RECIPE} writes (${OUT}).\n"
                      "Regenerate it from the repository's root with fasdl-profile on PATH:\n"
                      "  sh ${RECIPE}\n"
                      "and record why in docs/profiles.md.")
endif()
