# Runs two commands (or one command twice) and requires byte-identical
# stdout and the same exit code (used by fasdl_same_output_test).
#   CMD_A, CMD_B  the commands and their arguments, joined by "|"
#   EXIT          the exit code both must return
foreach(list_var CMD_A CMD_B)
  string(REPLACE "|" ";" ${list_var} "${${list_var}}")
endforeach()
set(failed "")
foreach(run A B)
  execute_process(COMMAND ${CMD_${run}} RESULT_VARIABLE code_${run} OUTPUT_VARIABLE out_${run}
                  ERROR_VARIABLE err_${run})
  if(NOT "${code_${run}}" STREQUAL "${EXIT}")
    string(APPEND failed "${CMD_${run}}: exit code ${code_${run}}, expected ${EXIT}\n${err_${run}}\n")
  endif()
  if(err_${run} MATCHES "(AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error: )")
    string(APPEND failed "${CMD_${run}}: a sanitizer reported an error\n${err_${run}}\n")
  endif()
endforeach()
if(out_A STREQUAL "")
  string(APPEND failed "no output\n")
endif()
if(NOT out_A STREQUAL out_B)
  string(APPEND failed "outputs differ:\n--- ${CMD_A}\n${out_A}\n--- ${CMD_B}\n${out_B}\n")
endif()
if(failed)
  message(FATAL_ERROR "${failed}")
endif()
