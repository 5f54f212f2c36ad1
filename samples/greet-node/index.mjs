// A Lambda function as you would deploy it to AWS (nodejs20.x, handler index.handler, an ES module).
// Invoke it: aws --endpoint-url http://127.0.0.1:4566 lambda invoke --function-name greet \
//   --cli-binary-format raw-in-base64-out --payload '{"name":"Ada"}' --log-type Tail out.json
let invocations = 0; // module state lives as long as the execution environment, as on Lambda

export const handler = async (event, context) => {
  invocations += 1;
  const name = event?.name ?? 'world';
  console.log(`greeting ${name} (invocation ${invocations} of this environment)`);
  return {
    greeting: `Hello, ${name}!`,
    invocations,
    requestId: context.awsRequestId,
    remainingMs: context.getRemainingTimeInMillis(),
  };
};
