using System.Security.Cryptography;
using System.Text;
using Platform.Triggers.Failures;
using Platform.Triggers.Sources.Async;

namespace Platform.Triggers.Destinations;

/// <summary>A Lambda function: invoked asynchronously with the record as its event — the record goes
/// on the function's own async queue, so its retries, event age and destinations apply from there.</summary>
internal sealed class FunctionDestination(DestinationArn arn, AsyncInvocationQueue queue, IFunctionCatalog functions) : IDestination
{
    public DestinationArn Arn => arn;

    public bool Exists() => functions.Functions.Any(f => string.Equals(f.Name, arn.Name, StringComparison.Ordinal));

    public async Task SendAsync(DestinationRecord record, CancellationToken cancellationToken)
    {
        if (!Exists())
            throw new DestinationException($"Function not found: {arn.Value}");
        await queue.EnsureExistsAsync(arn.Name, cancellationToken).ConfigureAwait(false);
        await queue.EnqueueAsync(arn.Name, new AsyncEvent
        {
            // The same id for the same record again (a redelivery after a crash), a new one otherwise.
            RequestId = RequestIdFor(record),
            Payload = DestinationRecordBuilder.Build(record),
            Trigger = "destination:" + record.FunctionArn,
        }, cancellationToken).ConfigureAwait(false);
    }

    private string RequestIdFor(DestinationRecord record) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"{record.RequestId}/{record.Condition}/{record.ApproximateInvokeCount}/{arn.Value}"))).ToString();
}
