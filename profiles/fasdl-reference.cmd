# How profiles/fasdl-reference.json is made (docs/profiles.md): the FasDL authors' reference
# form, for reproducing the paper and the conformance tests. Run from the repository's root
# with the reference data in ../shared and fasdl-profile on PATH:  sh profiles/fasdl-reference.cmd
# ctest runs this command (tests/cli/cases/profiles.toml) and fails when the committed
# profile differs from what it writes.
fasdl-profile storage --input ../shared/reference/aws-lambda-s3/transfers.csv \
  --name fasdl-reference \
  --description "The FasDL authors' reference form of AWS Lambda (x86) with Amazon S3, for reproducing the paper: their measured transfer times, monotone-smoothed and resampled, with the paper's memory grid (128 to 3,008 MB by 64 MB), prices and sync and no platform terms (docs/profiles.md)" \
  --resample 1:4:1,6:20:2,30:50:10,100 \
  --memory-min 128 --memory-max 3008 --memory-step 64 \
  --price-mb-second 1.64e-8 --price-put 5e-6 --price-get 4e-7 \
  --sync-seconds-per-mb 0.00119 --sync-offset-mb 33.7 \
  --platform none \
  -o profiles/fasdl-reference.json
