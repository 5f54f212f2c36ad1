using Platform.Emulators.Events.Engine;
using Platform.Triggers.Failures;

namespace Platform.Triggers.Destinations;

/// <summary>An EventBridge bus: one PutEvents entry as Lambda sends it — source <c>lambda</c>, detail-type
/// "Lambda Function Invocation Result - Success" or "… - Failure", the record as the detail, and the
/// function's and the bus's ARNs as resources.</summary>
internal sealed class EventBusDestination(DestinationArn arn, IEventBusPort buses) : IDestination
{
    public const string Source = "lambda";
    public const string SuccessDetailType = "Lambda Function Invocation Result - Success";
    public const string FailureDetailType = "Lambda Function Invocation Result - Failure";

    public DestinationArn Arn => arn;

    // PutEvents answers a missing bus per entry; there is nothing cheaper to ask.
    public bool Exists() => true;

    public async Task SendAsync(DestinationRecord record, CancellationToken cancellationToken)
    {
        var results = await buses.PutEventsAsync([new EventEntry
        {
            Source = Source,
            DetailType = record.Success is not null ? SuccessDetailType : FailureDetailType,
            Detail = DestinationRecordBuilder.Build(record),
            Resources = [record.FunctionArn, arn.Value],
            EventBusName = arn.Value,
        }], cancellationToken).ConfigureAwait(false);
        if (results[0] is { Failed: true } failed)
            throw new DestinationException($"EventBridge refused the record for {arn.Value}: {failed.ErrorCode}: {failed.ErrorMessage}");
    }
}
