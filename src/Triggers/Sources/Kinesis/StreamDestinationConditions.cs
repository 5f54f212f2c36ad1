namespace Platform.Triggers.Sources.Kinesis;

/// <summary>requestContext.condition values of a stream mapping's on-failure record.</summary>
public static class StreamDestinationConditions
{
    public const string RetryAttemptsExhausted = "RetryAttemptsExhausted";
    public const string RecordAgeExceeded = "RecordAgeExceeded";
}
