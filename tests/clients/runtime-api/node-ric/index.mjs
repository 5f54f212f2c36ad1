export const handler = async (event, context) => {
  console.log("node handling", JSON.stringify(event), context.awsRequestId);
  if (event.fail) throw new TypeError("bad input: " + event.fail);
  if (event.big) return "a".repeat(7 * 1024 * 1024);
  return { ok: true, requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis() > 0, fn: context.functionName };
};
