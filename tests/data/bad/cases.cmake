# The bad-input suite: one line per file of this folder (docs/hardening.md).
#
#   fasdl_bad_input(KIND FILE [=[expected stderr after "<program>: "]=])
#
# Every case must exit 2 with exactly this one line on stderr. A new case is
# the file plus one line here; tests/data/CMakeLists.txt refuses a file of
# this folder that has no line. Prefixes: p- profiles, w- workloads, t- transfer CSVs,
# c- compute CSVs, b- batch request lines (JSON lines).
# The three *.bin files are 512 random bytes each from Python's
# random.seed(6); bytes(random.randrange(256) for _ in range(512)), drawn in
# the order p-, w-, t-.
#
# KIND says how the file reaches the real binaries (FILE is its path); a new
# parser adds its kind here.
fasdl_bad_kind(profile fasdl-plan predict --profile FILE --model resnet50 -w 4 -m 1024 -k 2)
fasdl_bad_kind(model fasdl-plan predict --model FILE -w 4 -m 1024 -k 2)
fasdl_bad_kind(transfers fasdl-profile storage -i FILE -o -)
fasdl_bad_kind(compute fasdl-profile compute -i FILE -o - --model-mb 97 --samples 50000 --epochs 1)
# A batch with one bad line: its error JSON line on stdout, the same message on stderr.
fasdl_bad_kind(batch fasdl-plan --batch FILE --no-timing)

fasdl_bad_input(transfers t-direction-typo.csv
  [=[tests/data/bad/t-direction-typo.csv:2: direction: expected "upload" or "download", got "uplaod"]=])
fasdl_bad_input(transfers t-empty.csv
  [=[tests/data/bad/t-empty.csv: empty file; expected the header "direction,memory_mb,size_mb,seconds"]=])
fasdl_bad_input(transfers t-five-cells.csv
  [=[tests/data/bad/t-five-cells.csv:5: expected 4 comma-separated cells (direction,memory_mb,size_mb,seconds), got 5]=])
fasdl_bad_input(transfers t-header-only.csv
  [=[tests/data/bad/t-header-only.csv: no measurements after the header]=])
fasdl_bad_input(transfers t-header-wrong.csv
  [=[tests/data/bad/t-header-wrong.csv:1: expected the header "direction,memory_mb,size_mb,seconds", got "dir,mem,size,sec"]=])
fasdl_bad_input(transfers t-huge.csv
  [=[tests/data/bad/t-huge.csv:3: seconds: expected a positive number, got "1e999"]=])
fasdl_bad_input(transfers t-inf.csv
  [=[tests/data/bad/t-inf.csv:3: size_mb: expected a positive number, got "inf"]=])
fasdl_bad_input(transfers t-memory-fraction.csv
  [=[tests/data/bad/t-memory-fraction.csv:6: memory_mb: expected a whole number of MB from 1 to 1000000, got "512.5"]=])
fasdl_bad_input(transfers t-memory-zero.csv
  [=[tests/data/bad/t-memory-zero.csv:7: memory_mb: expected a whole number of MB from 1 to 1000000, got "0"]=])
fasdl_bad_input(transfers t-nan.csv
  [=[tests/data/bad/t-nan.csv:3: seconds: expected a positive number, got "nan"]=])
fasdl_bad_input(transfers t-negative-size.csv
  [=[tests/data/bad/t-negative-size.csv:8: size_mb: expected a positive number, got "-1"]=])
fasdl_bad_input(transfers t-no-download.csv
  [=[tests/data/bad/t-no-download.csv: no download measurements; expected at least one memory column with two object sizes]=])
fasdl_bad_input(transfers t-nonnumeric.csv
  [=[tests/data/bad/t-nonnumeric.csv:3: size_mb: expected a positive number, got "abc"]=])
fasdl_bad_input(transfers t-quoted-cells.csv
  [=[tests/data/bad/t-quoted-cells.csv:2: direction: expected "upload" or "download", got "\"upload\""]=])
fasdl_bad_input(transfers t-random.bin
  [=[tests/data/bad/t-random.bin:1: expected the header "direction,memory_mb,size_mb,seconds", got "w\x05[9F\x9b\xdf\xd0+\xb1&\x8f{\x8c\xd9\xben\xa5\x8c\xbe<\xc4\x97S\x80\xd1"]=])
fasdl_bad_input(transfers t-semicolons.csv
  [=[tests/data/bad/t-semicolons.csv:1: expected the header "direction,memory_mb,size_mb,seconds", got "direction;memory_mb;size_mb;seconds"]=])
fasdl_bad_input(transfers t-single-point.csv
  [=[tests/data/bad/t-single-point.csv:8: download column at 2048 MB has 1 object size; expected at least two]=])
fasdl_bad_input(transfers t-three-cells.csv
  [=[tests/data/bad/t-three-cells.csv:4: expected 4 comma-separated cells (direction,memory_mb,size_mb,seconds), got 3]=])
fasdl_bad_input(transfers t-utf16.csv
  [=[tests/data/bad/t-utf16.csv:1: expected the header "direction,memory_mb,size_mb,seconds", got "\xff\xfed\x00i\x00r\x00e\x00c\x00t\x00i\x00o\x00n\x00,\x00m\x00e\x00m\x00o\x00r\x00y\x00_\x00m\x00b\x00..."]=])
fasdl_bad_input(transfers t-zero-seconds.csv
  [=[tests/data/bad/t-zero-seconds.csv:9: seconds: expected a positive number, got "0"]=])
fasdl_bad_input(profile directory.json
  [=[tests/data/bad/directory.json: is a directory, expected a file]=])
fasdl_bad_input(profile p-column-repeated.json
  [=[tests/data/bad/p-column-repeated.json: transfers.download[1].memory_mb: expected a memory above the previous column's 512 MB (columns by increasing memory_mb), got 512]=])
fasdl_bad_input(profile p-columns-unsorted.json
  [=[tests/data/bad/p-columns-unsorted.json: transfers.upload[1].memory_mb: expected a memory above the previous column's 2048 MB (columns by increasing memory_mb), got 512]=])
fasdl_bad_input(profile p-csv-and-inline.json
  [=[tests/data/bad/p-csv-and-inline.json: transfers.download: unknown key; expected one of: csv]=])
fasdl_bad_input(profile p-csv-bad.json
  [=[tests/data/bad/t-nonnumeric.csv:3: size_mb: expected a positive number, got "abc"]=])
fasdl_bad_input(profile p-csv-directory.json
  [=[tests/data/bad/p-csv-directory.json: transfers.csv: tests/data/bad/directory.json: is a directory, expected a file]=])
fasdl_bad_input(profile p-csv-missing.json
  [=[tests/data/bad/p-csv-missing.json: transfers.csv: tests/data/bad/missing.csv: cannot read: No such file or directory]=])
fasdl_bad_input(profile p-deep-nesting.json
  [=[tests/data/bad/p-deep-nesting.json: [0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested deeper than 64 levels; expected a fasdl document (they nest at most 5)]=])
fasdl_bad_input(profile p-duplicate-key.json
  [=[tests/data/bad/p-duplicate-key.json: prices.put_request: duplicate key; expected each key once]=])
fasdl_bad_input(profile p-empty.json
  [=[tests/data/bad/p-empty.json: empty file; expected a JSON object]=])
fasdl_bad_input(profile p-escaped-control.json
  [=[tests/data/bad/p-escaped-control.json: name: expected a one-line string without control characters, got "small\x07"]=])
fasdl_bad_input(profile p-invalid-utf8.json
  [=[tests/data/bad/p-invalid-utf8.json: line 3, column 52: invalid JSON: invalid string: ill-formed UTF-8 byte; last read: "\"two memory columns per direction \xff"]=])
fasdl_bad_input(profile p-memory-fraction.json
  [=[tests/data/bad/p-memory-fraction.json: memory_mb.min: expected a whole number from 1 to 1000000, got 128.5]=])
fasdl_bad_input(profile p-memory-huge.json
  [=[tests/data/bad/p-memory-huge.json: memory_mb.max: expected a whole number from 1 to 1000000, got 1e+30]=])
fasdl_bad_input(profile p-memory-max-below-min.json
  [=[tests/data/bad/p-memory-max-below-min.json: memory_mb.max: expected a number of MB at least min (1024), got 512]=])
fasdl_bad_input(profile p-memory-step-zero.json
  [=[tests/data/bad/p-memory-step-zero.json: memory_mb.step: expected a whole number from 1 to 1000000, got 0]=])
fasdl_bad_input(profile p-missing-prices.json
  [=[tests/data/bad/p-missing-prices.json: prices: missing; expected an object]=])
fasdl_bad_input(profile p-name-number.json
  [=[tests/data/bad/p-name-number.json: name: expected a string, got 42]=])
fasdl_bad_input(profile p-no-download.json
  [=[tests/data/bad/p-no-download.json: transfers.download: expected a non-empty array of memory columns, got an empty array]=])
fasdl_bad_input(profile p-point-negative-size.json
  [=[tests/data/bad/p-point-negative-size.json: transfers.upload[0].points[0][0]: expected a positive number, got -1.0]=])
fasdl_bad_input(profile p-point-not-pair.json
  [=[tests/data/bad/p-point-not-pair.json: transfers.upload[0].points[1]: expected a [size_mb, seconds] or [size_mb, seconds, repeats, mad_seconds] point, got an array of 3 elements]=])
fasdl_bad_input(profile p-point-string.json
  [=[tests/data/bad/p-point-string.json: transfers.upload[0].points[0][0]: expected a positive number, got "1"]=])
fasdl_bad_input(profile p-point-zero-seconds.json
  [=[tests/data/bad/p-point-zero-seconds.json: transfers.download[1].points[2][1]: expected a positive number, got 0]=])
fasdl_bad_input(profile p-points-unsorted.json
  [=[tests/data/bad/p-points-unsorted.json: transfers.upload[1].points[2][0]: expected a size of at least the previous point's 100 MB (points by increasing size_mb), got 10.0]=])
fasdl_bad_input(profile p-price-huge.json
  [=[tests/data/bad/p-price-huge.json: prices.function_mb_second: expected a finite number, got 1e999 (out of range)]=])
fasdl_bad_input(profile p-price-infinity.json
  [=[tests/data/bad/p-price-infinity.json: line 10, column 27: invalid JSON: invalid literal; last read: "\"function_mb_second\": I"]=])
fasdl_bad_input(profile p-price-nan.json
  [=[tests/data/bad/p-price-nan.json: line 11, column 20: invalid JSON: invalid literal; last read: "\"put_request\": N"]=])
fasdl_bad_input(profile p-price-negative.json
  [=[tests/data/bad/p-price-negative.json: prices.get_request: expected a non-negative number, got -4e-07]=])
fasdl_bad_input(profile p-price-text.json
  [=[tests/data/bad/p-price-text.json: prices.put_request: expected a non-negative number, got "abc"]=])
fasdl_bad_input(profile p-random.bin
  [=[tests/data/bad/p-random.bin: line 1, column 1: invalid JSON: invalid literal; last read: ")"]=])
fasdl_bad_input(profile p-raw-newline.json
  [=[tests/data/bad/p-raw-newline.json: line 4, column 0: invalid JSON: invalid string: control character U+000A (LF) must be escaped to \u000A or \n; last read: "\"two memory columns<U+000A>"]=])
fasdl_bad_input(profile p-single-point.json
  [=[tests/data/bad/p-single-point.json: transfers.download[0].points: expected at least two [size_mb, seconds] points, got an array of 1 element]=])
fasdl_bad_input(profile p-sync-negative.json
  [=[tests/data/bad/p-sync-negative.json: sync.offset_mb: expected a non-negative number, got -33.7]=])
fasdl_bad_input(profile p-top-array.json
  [=[tests/data/bad/p-top-array.json: top level: expected an object, got an array of 2 elements]=])
fasdl_bad_input(profile p-transfers-null.json
  [=[tests/data/bad/p-transfers-null.json: transfers: expected an object, got null]=])
fasdl_bad_input(profile p-truncated.json
  [=[tests/data/bad/p-truncated.json: line 42, column 11: invalid JSON: unexpected end of input; expected '[', '{', or a literal]=])
fasdl_bad_input(profile p-unknown-key.json
  [=[tests/data/bad/p-unknown-key.json: prices.currency: unknown key; expected one of: function_mb_second, get_request, put_request]=])
fasdl_bad_input(model w-a-zero.json
  [=[tests/data/bad/w-a-zero.json: compute.a: expected a positive number, got 0]=])
fasdl_bad_input(model w-batch-above-max-global.json
  [=[tests/data/bad/w-batch-above-max-global.json: B = round(compute.b / (1 / batch.efficiency - 1)) = 64, expected at most batch.max_global (32); lower compute.b or batch.efficiency, or raise batch.max_global]=])
fasdl_bad_input(model w-batch-below-one.json
  [=[tests/data/bad/w-batch-below-one.json: B = round(compute.b / (1 / batch.efficiency - 1)) = 0, expected at least 1; raise compute.b or batch.efficiency]=])
fasdl_bad_input(model w-description-newline.json
  [=[tests/data/bad/w-description-newline.json: description: expected a one-line string without control characters, got "ResNet-50\x0aon CIFAR-10"]=])
fasdl_bad_input(model w-duplicate-key.json
  [=[tests/data/bad/w-duplicate-key.json: epochs: duplicate key; expected each key once]=])
fasdl_bad_input(model w-efficiency-one.json
  [=[tests/data/bad/w-efficiency-one.json: batch.efficiency: expected a number strictly between 0 and 1, got 1]=])
fasdl_bad_input(model w-efficiency-zero.json
  [=[tests/data/bad/w-efficiency-zero.json: batch.efficiency: expected a positive number, got 0]=])
fasdl_bad_input(model w-empty-object.json
  [=[tests/data/bad/w-empty-object.json: name: missing; expected a string]=])
fasdl_bad_input(model w-epochs-huge.json
  [=[tests/data/bad/w-epochs-huge.json: epochs: expected a whole number from 1 to 1000000, got 10000000]=])
fasdl_bad_input(model w-huge-number.json
  [=[tests/data/bad/w-huge-number.json: compute.b: expected a finite number, got 1e999 (out of range)]=])
fasdl_bad_input(model w-infinity.json
  [=[tests/data/bad/w-infinity.json: line 10, column 11: invalid JSON: invalid number; expected digit after '-'; last read: "-I"]=])
fasdl_bad_input(model w-k1-negative.json
  [=[tests/data/bad/w-k1-negative.json: flatten.k1: expected a non-negative number, got -5.0]=])
fasdl_bad_input(model w-max-global-zero.json
  [=[tests/data/bad/w-max-global-zero.json: batch.max_global: expected a whole number from 1 to 1000000000000, got 0]=])
fasdl_bad_input(model w-model-mb-huge.json
  [=[tests/data/bad/w-model-mb-huge.json: model_mb: expected a positive number of MB up to 1000000, got 2000000.0]=])
fasdl_bad_input(model w-model-mb-negative.json
  [=[tests/data/bad/w-model-mb-negative.json: model_mb: expected a positive number, got -89.7]=])
fasdl_bad_input(model w-model-mb-zero.json
  [=[tests/data/bad/w-model-mb-zero.json: model_mb: expected a positive number, got 0]=])
fasdl_bad_input(model w-name-array.json
  [=[tests/data/bad/w-name-array.json: name: expected a string, got an array of 1 element]=])
fasdl_bad_input(model w-nan.json
  [=[tests/data/bad/w-nan.json: line 14, column 11: invalid JSON: invalid literal; last read: "\"k2\": N"]=])
fasdl_bad_input(model w-null.json
  [=[tests/data/bad/w-null.json: top level: expected an object, got null]=])
fasdl_bad_input(model w-random.bin
  [=[tests/data/bad/w-random.bin: line 1, column 2: invalid JSON: invalid literal; last read: "6\x86"; expected end of input]=])
fasdl_bad_input(model w-samples-fraction.json
  [=[tests/data/bad/w-samples-fraction.json: samples: expected a whole number from 1 to 1000000000000, got 50000.5]=])
fasdl_bad_input(model w-samples-string.json
  [=[tests/data/bad/w-samples-string.json: samples: expected a whole number from 1 to 1000000000000, got "50000"]=])
fasdl_bad_input(model w-samples-zero.json
  [=[tests/data/bad/w-samples-zero.json: samples: expected a whole number from 1 to 1000000000000, got 0]=])
fasdl_bad_input(model w-truncated.json
  [=[tests/data/bad/w-truncated.json: line 17, column 13: invalid JSON: invalid string: missing closing quote; last read: "\"efficie"; expected string literal]=])
fasdl_bad_input(model w-unknown-key.json
  [=[tests/data/bad/w-unknown-key.json: optimizer: unknown key; expected one of: batch, compute, description, epochs, flatten, memory_floor, memory_min_mb, model_mb, name, samples]=])

# The platform terms, compute CSVs and batch lines (issue 6 extension).
fasdl_bad_input(compute c-batch-zero.csv
  [=[tests/data/bad/c-batch-zero.csv:3: batch: expected a whole number of samples from 1 to 1000000000, got "0"]=])
fasdl_bad_input(compute c-header-wrong.csv
  [=[tests/data/bad/c-header-wrong.csv:1: expected the header "batch,memory_mb,train_seconds,flatten_seconds", got "batch,memory_mb,train_s,flatten_s"]=])
fasdl_bad_input(compute c-memory-huge.csv
  [=[tests/data/bad/c-memory-huge.csv:3: memory_mb: expected a whole number of MB from 1 to 1000000, got "2000000"]=])
fasdl_bad_input(compute c-three-cells.csv
  [=[tests/data/bad/c-three-cells.csv:3: expected 4 comma-separated cells (batch,memory_mb,train_seconds,flatten_seconds), got 3]=])
fasdl_bad_input(compute c-train-nan.csv
  [=[tests/data/bad/c-train-nan.csv:3: train_seconds: expected a positive, finite number of seconds, got "nan"]=])
fasdl_bad_input(batch b-deadline-negative.jsonl
  [=[tests/data/bad/b-deadline-negative.jsonl:1: deadline: expected a positive duration such as 5400 or "90m", got "-5m"]=])
fasdl_bad_input(batch b-duplicate-key.jsonl
  [=[tests/data/bad/b-duplicate-key.jsonl:1: budget: duplicate key; expected each key once]=])
fasdl_bad_input(batch b-model-empty.jsonl
  [=[tests/data/bad/b-model-empty.jsonl:1: model: expected a catalog name or a workload JSON file, got ""]=])
fasdl_bad_input(batch b-set-array.jsonl
  [=[tests/data/bad/b-set-array.jsonl:1: set.epochs: expected a number, a string, true, false or null, got an array of 2 elements]=])
fasdl_bad_input(batch b-set-key-dots.jsonl
  [=[tests/data/bad/b-set-key-dots.jsonl:1: --set "prices..put_request": expected a key of letters, digits, '_' and '.' such as epochs or prices.function_mb_second]=])
fasdl_bad_input(batch b-set-value-text.jsonl
  [=[tests/data/bad/b-set-value-text.jsonl:1: --set epochs=five: tests/data/unusual/plain-workload.json: epochs: expected a whole number from 1 to 1000000, got "five"]=])
fasdl_bad_input(batch b-store-unknown.jsonl
  [=[tests/data/bad/b-store-unknown.jsonl:1: store "redis": the profile aws-lambda describes no such store; it has: s3]=])
fasdl_bad_input(profile p-platform-architecture-missing.json
  [=[tests/data/bad/p-platform-architecture-missing.json: platform.gb_second_prices.architecture: expected an architecture that has tiers ("arm64", "x86_64"), got "riscv64"]=])
fasdl_bad_input(profile p-platform-store-comma.json
  [=[tests/data/bad/p-platform-store-comma.json: platform.store.name: expected a store name without commas or spaces at its ends, such as "redis", got "s3,redis"]=])
fasdl_bad_input(profile p-platform-tiers-empty.json
  [=[tests/data/bad/p-platform-tiers-empty.json: platform.gb_second_prices.tiers: expected an object of {up_to_gb_seconds, price} tiers by architecture, such as {"x86_64": [{"price": 1.66667e-5}]}, got an empty object]=])
fasdl_bad_input(profile p-stores-name-spaces.json
  [=[tests/data/bad/p-stores-name-spaces.json: stores[0].name: expected a store name without commas or spaces at its ends, such as "redis", got " redis"]=])
fasdl_bad_input(profile p-stores-own-name.json
  [=[tests/data/bad/p-stores-own-name.json: stores[0].name: expected a store other than the profile's own (platform.store.name: "s3"), got "s3"]=])
