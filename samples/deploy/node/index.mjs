// A Node.js Lambda function deployed as a zip by ../deploy.sh. Invoked directly it echoes its
// event; from its Kinesis trigger it decodes each record's data, as a click counter would.
export const handler = async (event, context) => {
  if (Array.isArray(event?.Records)) {
    const clicks = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'));
    console.log(`counted ${clicks.length} clicks: ${clicks.join(', ')}`);
    return { batchItemFailures: [] };
  }
  return { echo: event, function: context.functionName, node: process.version };
};
