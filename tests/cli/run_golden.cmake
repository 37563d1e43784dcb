# Runs one golden case and compares (or, with UPDATE, rewrites) its output.
#   PROGRAM  fasdl-plan;  ARGS  the case's arguments ("|"-joined);  EXIT  expected code
#   GOLDEN  the golden file;  DATA  tests/cli/data
#   ACTUAL  where a differing output goes (in the build tree; default GOLDEN.actual)
string(REPLACE "|" ";" ARGS "${ARGS}")
list(TRANSFORM ARGS REPLACE "^@P$" "${DATA}/golden-profile.json")
list(TRANSFORM ARGS REPLACE "^@W$" "${DATA}/golden-workload.json")
list(TRANSFORM ARGS REPLACE "^@D/" "${DATA}/")
execute_process(COMMAND "${PROGRAM}" ${ARGS} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
# Paths in messages differ between checkouts; golden files hold them as @D.
string(REPLACE "${DATA}" "@D" out "${out}")
if(UPDATE)
  file(WRITE "${GOLDEN}" "${out}")
endif()
if(NOT code EQUAL EXIT)
  message(FATAL_ERROR "exit code ${code}, expected ${EXIT}\n${err}")
endif()
file(READ "${GOLDEN}" golden)
if(NOT out STREQUAL golden)
  if(NOT ACTUAL)
    set(ACTUAL "${GOLDEN}.actual")
  endif()
  file(WRITE "${ACTUAL}" "${out}")
  message(FATAL_ERROR "stdout differs from ${GOLDEN} (got ${ACTUAL}):\n"
                      "  diff ${GOLDEN} ${ACTUAL}")
endif()
