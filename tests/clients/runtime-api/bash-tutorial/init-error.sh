# Initialization that reports its failure through the Runtime API, as the custom-runtime guide says.
curl -sS -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/init/error" \
  -H "Lambda-Runtime-Function-Error-Type: Runtime.ConfigError" \
  -d '{"errorMessage":"BUCKET is not configured","errorType":"Runtime.ConfigError"}'
exit 1
