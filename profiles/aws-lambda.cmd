# How profiles/aws-lambda-2026.json is made (docs/profiles.md): the transfer times of the
# default profile (the FasDL authors' measurements, monotone-smoothed and resampled) with
# today's platform terms from configs/platforms/aws-lambda-2026.json: memory up to 10,240 MB
# in 1 MB steps, vCPU limits, tiered x86 and arm64 prices, per-invocation prices, the
# 15-minute lifetime, concurrency, S3 LIST polling and request limits.
# ctest reruns this command (tests/regenerate_profile.cmake) and fails when the committed
# profile differs from what it writes.
fasdl-profile storage --input ../shared/reference/aws-lambda-s3/transfers.csv \
  --name aws-lambda-2026 \
  --description "AWS Lambda with Amazon S3 as priced today: 128 to 10,240 MB, vCPU limits, tiered x86 and arm64 prices, invocations, the 15-minute lifetime, concurrency, LIST polling and S3 request limits (docs/profiles.md)" \
  --resample 1:4:1,6:20:2,30:50:10,100 \
  --memory-min 128 --memory-max 10240 --memory-step 1 \
  --price-mb-second 1.627607421875e-8 --price-put 5e-6 --price-get 4e-7 \
  --sync-seconds-per-mb 0.00119 --sync-offset-mb 33.7 \
  --platform configs/platforms/aws-lambda-2026.json \
  -o profiles/aws-lambda-2026.json
