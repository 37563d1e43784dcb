# Installs the build into a fresh prefix and checks that the installed tools
# find their profiles and catalog there, without the source tree.
#   BUILD_DIR  the build tree;  PREFIX  where to install
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE code OUTPUT_QUIET)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${code}")
endif()
foreach(path bin/fasdl-plan bin/fasdl-profile bin/fasdl-run bin/fasdl-validate share/fasdl/profiles/aws-lambda.json
        share/fasdl/configs/models/resnet50.json)
  if(NOT EXISTS "${PREFIX}/${path}")
    message(FATAL_ERROR "not installed: ${path}")
  endif()
endforeach()
# Run from an empty folder, with the installed binary only.
file(MAKE_DIRECTORY "${PREFIX}/run")
execute_process(COMMAND "${PREFIX}/bin/fasdl-plan" --model resnet50 --budget 5 --format json
                WORKING_DIRECTORY "${PREFIX}/run" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT out MATCHES "\"status\": \"ok\"")
  message(FATAL_ERROR "installed fasdl-plan failed (${code}):\n${out}\n${err}")
endif()
execute_process(COMMAND "${PREFIX}/bin/fasdl-plan" models
                WORKING_DIRECTORY "${PREFIX}/run" RESULT_VARIABLE code OUTPUT_VARIABLE out)
if(NOT code EQUAL 0 OR NOT out MATCHES "resnet50")
  message(FATAL_ERROR "installed fasdl-plan models failed (${code}):\n${out}")
endif()
# fasdl-run finds its prices (the default profile) without the source tree:
# it gets as far as starting the store, here a program that is not there.
execute_process(COMMAND "${PREFIX}/bin/fasdl-run" -w 2 -m 256 -k 2 --batch-aggregator 16 --epochs 1
                        --redis-server /nonexistent/redis-server
                WORKING_DIRECTORY "${PREFIX}/run" RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 3 OR NOT err MATCHES "not found on PATH")
  message(FATAL_ERROR "installed fasdl-run failed (${code}):\n${err}")
endif()
if(HELP2MAN AND NOT EXISTS "${PREFIX}/share/man/man1/fasdl-run.1")
  message(FATAL_ERROR "no man page of fasdl-run installed")
endif()
if(HELP2MAN AND NOT EXISTS "${PREFIX}/share/man/man1/fasdl-validate.1")
  message(FATAL_ERROR "no man page of fasdl-validate installed")
endif()
if(HELP2MAN AND NOT EXISTS "${PREFIX}/share/man/man1/fasdl-plan.1")
  message(FATAL_ERROR "no man page installed")
endif()
