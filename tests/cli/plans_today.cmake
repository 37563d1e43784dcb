# Plans a Lambda user can run today (issue 14), through the real binaries: the
# default profile and the catalog of profiles, the memory floor, margins,
# extrapolation, the trigger event, and option combinations refused or
# honoured. Then every input example of docs/formats.md, taken from the page
# as written. Included by tests/cli/CMakeLists.txt (fasdl_cli_test, DATA).

set(TODAY ${CMAKE_CURRENT_BINARY_DIR}/today)
file(MAKE_DIRECTORY ${TODAY})

# --- The default profile is today's Lambda; the reference form keeps its names.
fasdl_cli_test("today: profiles lists the catalog with ranges, lifetimes and terms" EXIT 0
  COMMAND fasdl-plan profiles
  STDOUT_HAS "\naws-lambda       128..10240 by 1    128..3008      x86_64 (arm64)   2026-11-27  900 s     vcpu, tiered_prices, invocations, lifetime, polling, concurrency, request_limits\n"
             "\nfasdl-reference  128..3008 by 64    128..3008      -                -           none      none (the FasDL reference form)\n"
             "Default: aws-lambda. Old names: aws-lambda-2026 = aws-lambda, aws-lambda-s3 = fasdl-reference.")
fasdl_cli_test("today: profiles --format json carries the same as keys" EXIT 0
  COMMAND fasdl-plan profiles --format json
  STDOUT_HAS "\"default\": \"aws-lambda\"" "\"name\": \"fasdl-reference\"" "\"lifetime_seconds\": 900"
             "\"price_date\": \"2026-11-27\"" "\"aliases\": {lbracket}\n        \"aws-lambda-s3\"")
fasdl_cli_test("today: the default plan names today's Lambda, its range and lifetime in one line"
  EXIT 0
  COMMAND fasdl-plan --model resnet50 --budget 5 --no-timing
  STDOUT_HAS "fasdl plan: resnet50 on aws-lambda (128..10240 MB by 1 MB, lifetime 900 s), budget $5.00"
             "{semicolon} fastest plan\n"
             "Memory floor    2565 MB: 350 MB runtime + 6 x 89.72 MB vectors + 64 x 26.19 MB activations\n"
             "Chance          ")
fasdl_cli_test("today: resnet101 with no deadline or budget fits its floor, relaunches priced"
  EXIT 0
  COMMAND fasdl-plan --model resnet101 --format json --no-timing
  STDOUT_HAS "\"profile\": \"aws-lambda\"" "\"memory_floor_mb\": 3816" "\"relaunches\": "
             "\"invocations\": " "\"lifetime_seconds\": 900")
fasdl_cli_test("today: --memory-max 10240 is inside the default profile" EXIT 0
  COMMAND fasdl-plan --model resnet50 --budget 5 --memory-max 10240 --format json --no-timing
  STDOUT_HAS "\"status\": \"ok\"" "\"memory_range_mb\": {\n    \"min\": 128,\n    \"max\": 10240,\n    \"step\": 1\n  }")
fasdl_cli_test("today: the old name aws-lambda-s3 still plans, on the reference form" EXIT 0
  COMMAND fasdl-plan --profile aws-lambda-s3 --model resnet50 --deadline 2h --no-timing
  STDOUT_HAS "fasdl plan: resnet50 on fasdl-reference (128..3008 MB by 64 MB, no lifetime), deadline 2 h 0 min")
fasdl_cli_test("today: the old name aws-lambda-2026 still plans, on today's Lambda" EXIT 0
  COMMAND fasdl-plan --profile aws-lambda-2026 --model resnet18 --budget 5 --no-timing
  STDOUT_HAS "fasdl plan: resnet18 on aws-lambda (128..10240 MB by 1 MB, lifetime 900 s)")
fasdl_cli_test("today: predict names the model, the profile, its range and lifetime" EXIT 0
  COMMAND fasdl-plan predict --model resnet50 -w 8 -m 8192 -k 4 --format json
  STDOUT_HAS "\"model\": \"resnet50\"" "\"profile\": \"aws-lambda\"" "\"lifetime_seconds\": 900"
             "\"measured_memory_mb\": {\n    \"min\": 128,\n    \"max\": 3008\n  }" "\"memory_floor_mb\": 2565")
fasdl_cli_test("today: a Pareto table names the model, the profile, its range and lifetime" EXIT 0
  COMMAND fasdl-plan --model vgg16 --pareto --no-timing
  STDOUT_HAS "Pareto front of vgg16 on aws-lambda (128..10240 MB by 1 MB, lifetime 900 s): ")

# --- The memory floor.
fasdl_cli_test("today: predict below the memory floor is infeasible with the reason, exit 1" EXIT 1
  COMMAND fasdl-plan predict --model resnet101 -w 4 -m 1024 -k 2
  STDOUT_HAS "Infeasible      M = 1024 MB is below resnet101's memory floor of 3816 MB (350 MB runtime + 6 x 162.17 MB vectors + 64 x 38.94 MB activations)")
fasdl_cli_test("today: non-aggregators whose batch A does not fit the memory are infeasible, exit 1"
  EXIT 1
  COMMAND fasdl-plan predict --model resnet50 -w 6 -m 2646 -k 1
  STDOUT_HAS "Infeasible      the non-aggregators train A = 192 samples in one pass, which needs 5917 MB (350 MB runtime + 6 x 89.72 MB vectors + 192 x 26.19 MB activations), more than M = 2646 MB")
fasdl_cli_test("today: a grid entirely below the floor has no plan and names the floor, exit 1"
  EXIT 1
  COMMAND fasdl-plan --model resnet101 --budget 50 --memory-max 2048 --format json --no-timing
  STDOUT_HAS "\"status\": \"infeasible\"" "resnet101 needs at least 3816 MB, its memory floor")
fasdl_cli_test("today: a sweep marks the rows below the floor infeasible" EXIT 0
  COMMAND fasdl-plan sweep --model resnet50 --workers 4 --memory 2048,3072 --aggregators 2 -q
  STDOUT_HAS "\n4,2048,2,64,0,false,,,,,,,,,,,,,,,,,M = 2048 MB is below resnet50's memory floor of 2565 MB"
             "\n4,3072,2,64,")
fasdl_cli_test("today: --set memory_floor=null removes a floor" EXIT 0
  COMMAND fasdl-plan --model resnet101 --budget 50 --set memory_floor=null --format json --no-timing
  STDOUT_HAS "\"status\": \"ok\"" "\"memory_floor_mb\": null")

# --- Margins: --confidence plans every catalog model; every plan states its chance.
foreach(model mobilenet_v2 resnet18 resnet34 resnet50 resnet101 vgg16)
  fasdl_cli_test("today: --confidence 0.9 plans catalog model ${model}" EXIT 0
    COMMAND fasdl-plan --model ${model} --budget 20 --confidence 0.9 --format json --no-timing
    STDOUT_HAS "\"status\": \"ok\"" "\"confidence\": 0.9" "\"chance\": {\n      \"budget\": ")
endforeach()
fasdl_cli_test("today: a plan under a deadline states its chance of meeting it" EXIT 0
  COMMAND fasdl-plan --model resnet50 --deadline 2h --no-timing
  STDOUT_HAS "Chance          " "% to finish within the deadline (first-order, as Likely)")

# --- Extrapolation is visible.
fasdl_cli_test("today: a fitted profile spans only its measured columns" EXIT 0
  COMMAND fasdl-profile storage -i ${DATA}/transfers-synthetic.csv -o - --platform none
  STDOUT_HAS "\"memory_mb\": {\n    \"min\": 512,\n    \"max\": 2048,\n    \"step\": 1\n  }")
fasdl_cli_test("today: a wider range warns which sizes reuse which column" EXIT 0
  COMMAND fasdl-profile storage -i ${DATA}/transfers-synthetic.csv -o ${TODAY}/wide.json
          --memory-min 128 --memory-max 3008
  STDERR_HAS "fasdl-profile: warning: memory 128..511 MB is below the smallest measured column: it reuses the 512 MB column's transfer times\n"
             "fasdl-profile: warning: memory 2049..3008 MB is above the largest measured column: it reuses the 2048 MB column's transfer times\n")
fasdl_cli_test("today: fasdl-profile storage writes today's platform terms by default" EXIT 0
  COMMAND fasdl-profile storage -i ${DATA}/transfers-synthetic.csv -o -
  STDOUT_HAS "\"platform\": {" "\"lifetime\": {" "\"function_mb_second\": 1.627607421875e-08")
fasdl_cli_test("today: a prediction beyond the measured memory says so in the table" EXIT 0
  COMMAND fasdl-plan predict --model resnet50 -w 8 -m 7000 -k 4
  STDOUT_HAS "Extrapolated    M = 7000 MB is outside the measured 128..3008 MB (the 3008 MB column's times are used)")
fasdl_cli_test("today: a prediction beyond the measured memory says so in the JSON" EXIT 0
  COMMAND fasdl-plan predict --model resnet50 -w 8 -m 7000 -k 4 --format json
  STDOUT_HAS "\"extrapolated\": {\n    \"memory\": true,\n    \"chunk\": false,")

# --- The trigger matches what it triggers.
fasdl_cli_test("today: --emit-trigger refuses a network the released worker cannot build, exit 2"
  EXIT 2
  COMMAND fasdl-plan --model resnet50 --deadline 2h --emit-trigger ${TODAY}/never.json
  STDERR "fasdl-plan: --emit-trigger: the released FasDL worker builds only resnet18 and resnet101, not \"resnet50\"{semicolon} plan one of those, or give --train-net for a workload of one (docs/run-on-aws.md)")
fasdl_cli_test("today: --train-net cannot rename a catalog network into another, exit 2" EXIT 2
  COMMAND fasdl-plan --model resnet50 --deadline 2h --emit-trigger ${TODAY}/never.json
          --train-net resnet18
  STDERR "fasdl-plan: --train-net resnet18: the plan is for resnet50{semicolon} the worker would train another network than the one planned")
fasdl_cli_test("today: the event's func_time is the lifetime the plan assumed" EXIT 0
  COMMAND fasdl-plan --model resnet18 --deadline 3h --emit-trigger /dev/stdout --func-time 300
          --no-timing
  STDOUT_HAS "\"func_time\": 300" "\"train_net\": \"resnet18\"" "\"tmp_bucket\": \"fasdl-resnet18-"
             "fasdl plan: resnet18 on aws-lambda (128..10240 MB by 1 MB, lifetime 240 s)")
fasdl_cli_test("today: --emit-trigger with nothing feasible prints the nearest miss, exit 1" EXIT 1
  COMMAND fasdl-plan --model resnet18 --deadline 10m --emit-trigger ${TODAY}/never.json
  STDOUT_HAS "Nearest miss: the fastest plan takes "
  STDERR "fasdl-plan: warning: --emit-trigger ${TODAY}/never.json: not written, no plan meets the constraints")
fasdl_cli_test("today: a bucket prefix that makes no S3 bucket name is refused, exit 2" EXIT 2
  COMMAND fasdl-plan --model resnet18 --deadline 2h --emit-trigger ${TODAY}/never.json
          --bucket-prefix My_Buckets
  STDERR "fasdl-plan: --bucket-prefix \"My_Buckets\": expected lowercase letters, digits and '-', starting with a letter or digit, at most 53 characters (PREFIX-partition must be an S3 bucket name)")

# --- No flag is ignored: refused with both flags named, exit 2 ...
set(BATCH ${DATA}/golden-batch.jsonl)
foreach(case
    "--batch|--pareto|--model|resnet50|--batch|${BATCH}|--pareto|=a batch plans each line{semicolon} run --pareto alone"
    "--batch|--plot|--model|resnet50|--batch|${BATCH}|--plot|${TODAY}/b.svg|=a batch writes JSON lines, not pictures"
    "--batch|--emit-trigger|--model|resnet18|--batch|${BATCH}|--emit-trigger|${TODAY}/b.json|=one event is one plan{semicolon} run it alone"
    "--batch|--format|--model|resnet50|--batch|${BATCH}|--format|table|=a batch writes one JSON line per request"
    "--pareto|--emit-trigger|--model|resnet18|--pareto|--emit-trigger|${TODAY}/p.json|=a front is many plans, an event one"
    "--pareto|--explain|--model|resnet50|--pareto|--explain|=a front has no runner-ups{semicolon} every plan on it is listed"
    "--pareto|--confidence|--model|resnet50|--pareto|--confidence|0.9|=the front is of expected seconds and dollars{semicolon} give --confidence to a plan"
    "--pareto|--objective|--model|resnet50|--pareto|--objective|time|=the front trades both objectives{semicolon} give --objective to a plan"
    "--pareto|--store|--model|resnet50|--pareto|--store|s3|=the front is of the profile's own store{semicolon} give --store to a plan"
    "--pareto|--search|--model|resnet50|--pareto|--search|exhaustive|=the front has its own exact search"
    "--pareto|--jobs|--model|resnet50|--pareto|--jobs|2|=the front's search uses one thread"
    "--explain|--format csv|--model|resnet50|--deadline|2h|--explain|--format|csv|=what holds each plan is in the table and JSON formats"
    "--explain|--search fasdl-heuristic|--model|resnet50|--deadline|2h|--explain|--search|fasdl-heuristic|=the released heuristic ranks no runner-ups"
    "--jobs|--search exact|--model|resnet50|--deadline|2h|--jobs|2|=only --search exhaustive uses threads"
    "--emit-trigger|--store redis|--model|resnet18|--deadline|2h|--emit-trigger|${TODAY}/s.json|--store|redis|=the released worker exchanges chunks through S3 only")
  string(REPLACE "|=" ";" parts "${case}")
  list(GET parts 0 args)
  list(GET parts 1 why)
  string(REPLACE "|" ";" args "${args}")
  list(POP_FRONT args first second)
  fasdl_cli_test("today: ${first} with ${second} is refused naming both, exit 2" EXIT 2
    COMMAND fasdl-plan ${args}
    STDERR "fasdl-plan: ${first} cannot go with ${second}: ${why}")
endforeach()
foreach(flag --seed --learning-rate --func-time --bucket-prefix --train-net)
  set(value 300)
  if(flag STREQUAL "--bucket-prefix" OR flag STREQUAL "--train-net")
    set(value resnet18)
  endif()
  fasdl_cli_test("today: ${flag} without --emit-trigger is refused, exit 2" EXIT 2
    COMMAND fasdl-plan --model resnet18 --deadline 2h ${flag} ${value}
    STDERR "fasdl-plan: ${flag} needs --emit-trigger: it is a field of the trigger event")
endforeach()
fasdl_cli_test("today: sweep --plot with more --set combinations than panels is refused, exit 2"
  EXIT 2
  COMMAND fasdl-plan sweep --model resnet50 --workers 4 --memory 3008 --aggregators 2
          --set epochs=1,2,3,4,5,6,7,8,9,10,11,12,13 --plot ${TODAY}/many.svg -q
  STDERR "fasdl-plan: --plot cannot go with these --set values: they make 13 combinations and the picture has one panel each, at most 12")

# ... or honoured.
fasdl_cli_test("today: --pareto --deadline --budget cuts the front and says so" EXIT 0
  COMMAND fasdl-plan --model vgg16 --pareto --deadline 2h --budget 2 --no-timing
  STDOUT_HAS "Pareto front of vgg16 on aws-lambda (128..10240 MB by 1 MB, lifetime 900 s), cut to deadline 2 h 0 min, budget $2.00: ")
fasdl_cli_test("today: --pareto --plot draws the front" EXIT 0
  COMMAND fasdl-plan --model vgg16 --pareto --deadline 2h --plot ${TODAY}/front.svg --format csv
  STDOUT_HAS "workers,memory_mb,aggregators,")
fasdl_cli_test("today: sweep --plot with two --set values draws a panel each" EXIT 0
  COMMAND fasdl-plan sweep --model resnet50 --workers 4,8 --memory 3008:4032:512 --aggregators 1:W
          --set epochs=5,10 --plot ${TODAY}/panels.svg -q
  STDOUT_HAS "workers,memory_mb,aggregators,epochs,")
fasdl_cli_test("today: --workers-max above floor(G / B) says so and searches up to the cap" EXIT 0
  COMMAND fasdl-plan --model resnet50 --budget 5 --workers-max 64 --format json --no-timing
  STDOUT_HAS "\"status\": \"ok\""
  STDERR "fasdl-plan: warning: --workers-max 64 is above the 16 workers resnet50 can use (floor(batch.max_global 1024 / B 64)){semicolon} searching W = 1..16")

# --- docs/formats.md: every input example as written, taken from the page.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/formats.md)
file(READ ${PROJECT_SOURCE_DIR}/docs/formats.md FORMATS_MD)
# Writes the NTH ```LANG block after the line HEADING of docs/formats.md to FILE.
function(fasdl_formats_example file heading lang nth)
  string(FIND "${FORMATS_MD}" "\n${heading}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "docs/formats.md has no heading \"${heading}\"")
  endif()
  string(SUBSTRING "${FORMATS_MD}" ${at} -1 rest)
  set(fence "\n```${lang}\n")
  string(LENGTH "${fence}" fence_length)
  foreach(i RANGE 1 ${nth})
    string(FIND "${rest}" "${fence}" open)
    if(open EQUAL -1)
      message(FATAL_ERROR "docs/formats.md: no ${lang} block ${nth} after \"${heading}\"")
    endif()
    math(EXPR open "${open} + ${fence_length}")
    string(SUBSTRING "${rest}" ${open} -1 rest)
  endforeach()
  string(FIND "${rest}" "\n```" close)
  string(SUBSTRING "${rest}" 0 ${close} body)
  file(WRITE ${file} "${body}\n")
endfunction()

fasdl_formats_example(${TODAY}/profile.json "## Platform profile (JSON)" json 1)
fasdl_cli_test("formats.md: the platform profile plans" EXIT 0
  COMMAND fasdl-plan --profile ${TODAY}/profile.json --model resnet18 --budget 5 --no-timing
  STDOUT_HAS "fasdl plan: resnet18 on my-lambda (128..3008 MB by 64 MB, no lifetime), budget $5.00")
fasdl_formats_example(${TODAY}/points.json "## Profile transfer points" json 1)
fasdl_cli_test("formats.md: a profile of repeated timings predicts with an interval" EXIT 0
  COMMAND fasdl-plan predict --profile ${TODAY}/points.json --model resnet18 -w 4 -m 2048 -k 2
  STDOUT_HAS "Likely          ")
fasdl_formats_example(${TODAY}/transfers.csv "## Transfer measurements (CSV)" csv 1)
fasdl_cli_test("formats.md: the transfer measurements make a profile" EXIT 0
  COMMAND fasdl-profile storage -i ${TODAY}/transfers.csv -o ${TODAY}/transfers-profile.json
  STDOUT_HAS "5 measurements, 1 upload and 1 download columns")
fasdl_formats_example(${TODAY}/platform.json
  "## Today's platform terms (`platform` and `stores` in a profile)" json 1)
fasdl_cli_test("formats.md: the platform object is what storage --platform reads" EXIT 0
  COMMAND fasdl-profile storage -i ${TODAY}/transfers.csv --platform ${TODAY}/platform.json -o -
  STDOUT_HAS "\"overheads\": {" "\"arm64\": ")
fasdl_formats_example(${TODAY}/stores.json
  "## Today's platform terms (`platform` and `stores` in a profile)" json 2)
fasdl_cli_test("formats.md: the profile with a second store plans with --store" EXIT 0
  COMMAND fasdl-plan --profile ${TODAY}/stores.json --model resnet18 --budget 5 --store s3,redis
          --format json --no-timing
  STDOUT_HAS "\"stores\": {lbracket}" "\"store\": \"redis\"")
fasdl_formats_example(${TODAY}/workload.json "## Workload (JSON)" json 1)
fasdl_cli_test("formats.md: the workload predicts, with its memory floor" EXIT 0
  COMMAND fasdl-plan predict --model ${TODAY}/workload.json -w 8 -m 6144 -k 2
  STDOUT_HAS "Memory floor    2565 MB: 350 MB runtime + 6 x 89.7 MB vectors + 64 x 26.19 MB activations")
fasdl_formats_example(${TODAY}/covariance.json "## Workload coefficient covariances" json 1)
fasdl_cli_test("formats.md: the workload with covariances plans at a confidence" EXIT 0
  COMMAND fasdl-plan --model ${TODAY}/covariance.json --deadline 5h --confidence 0.9 --no-timing
  STDOUT_HAS "(10% to 90% quantiles, first-order)")
fasdl_formats_example(${TODAY}/compute.csv "## Compute measurements (CSV)" csv 1)
fasdl_cli_test("formats.md: the compute measurements fit a workload" EXIT 0
  COMMAND fasdl-profile compute -i ${TODAY}/compute.csv --model-mb 89.72 --samples 50000
          --epochs 10 -o ${TODAY}/compute-workload.json
  STDOUT_HAS "Training step: T = a (B + b) / (M + m), 7 samples")
fasdl_formats_example(${TODAY}/batch.jsonl "## Batch requests (`fasdl-plan --batch FILE`)" json 1)
fasdl_cli_test("formats.md: every batch request plans, the confidence one too" EXIT 0
  COMMAND fasdl-plan --batch ${TODAY}/batch.jsonl --no-timing -q
  STDOUT_HAS "{\"id\":\"baseline\",\"line\":1,\"status\":\"ok\""
             "{\"id\":\"cheap\",\"line\":2,\"status\":\"ok\""
             "{\"id\":\"20 epochs\",\"line\":3,\"status\":\"ok\""
             "{\"id\":\"narrow\",\"line\":4,\"status\":\"ok\"")
if(TARGET fasdl-validate)
  # fasdl-validate and measure --from come with the runtime (FASDL_RUNTIME).
  set(ACC ${PROJECT_SOURCE_DIR}/docs/accuracy)
  fasdl_formats_example(${TODAY}/runs.json
    "## Measured runs (`fasdl-validate --save FILE`, `--runs FILE`)" json 1)
  fasdl_cli_test("formats.md: the measured runs are scored again" EXIT 0
    COMMAND fasdl-validate --profile ${ACC}/profile.json --model ${ACC}/workload.json
            --runs ${TODAY}/runs.json --threshold 0.5
    STDOUT_HAS "Model: median accuracy " "at W = 2, M = 512, K = 1")
  # The calibration runs beside the committed measurements of docs/accuracy.
  file(MAKE_DIRECTORY ${TODAY}/measure)
  file(COPY ${ACC}/transfers.csv ${ACC}/compute.csv ${ACC}/profile.json ${ACC}/workload.json
       DESTINATION ${TODAY}/measure)
  fasdl_formats_example(${TODAY}/measure/calibration.csv
    "## Calibration runs (`fasdl-profile measure`: `calibration.csv`)" csv 1)
  fasdl_cli_test("formats.md: the calibration runs are fitted by measure --from" EXIT 0
    COMMAND fasdl-profile measure --from ${TODAY}/measure -o ${TODAY}/measure-out --params-mb 4
            --samples 4096 --epochs 2 --batch 32 --cpu-scale 0.2
    STDOUT_HAS "Wrote ${TODAY}/measure-out/profile.json, reference.json and workload.json")
endif()
