# How profiles/aws-lambda.json, the default profile, is made (docs/profiles.md): AWS Lambda as
# it is today, from configs/platforms/aws-lambda.json (memory up to 10,240 MB in 1 MB steps,
# vCPU limits, tiered x86 and arm64 prices, per-invocation prices, the 15-minute lifetime with
# relaunches, concurrency, S3 LIST polling and request limits), with the transfer times the
# FasDL authors measured at 128 to 3,008 MB, monotone-smoothed and resampled; above 3,008 MB
# the 3,008 MB column is reused (the command warns so).
# ctest reruns this command (tests/cli/cases/profiles.toml) and fails when the committed
# profile differs from what it writes.
fasdl-profile storage --input ../shared/reference/aws-lambda-s3/transfers.csv \
  --name aws-lambda \
  --description "AWS Lambda with Amazon S3 as it is today: 128 to 10,240 MB in 1 MB steps, vCPU limits, tiered x86 prices (arm64 selectable), invocations, the 15-minute lifetime with relaunches, concurrency, LIST polling and S3 request limits, with transfer times measured at 128 to 3,008 MB and the 3,008 MB column reused above (docs/profiles.md)" \
  --resample 1:4:1,6:20:2,30:50:10,100 \
  --memory-min 128 --memory-max 10240 --memory-step 1 \
  --price-mb-second 1.627607421875e-8 --price-put 5e-6 --price-get 4e-7 \
  --sync-seconds-per-mb 0.00119 --sync-offset-mb 33.7 \
  --platform configs/platforms/aws-lambda.json \
  -o profiles/aws-lambda.json
