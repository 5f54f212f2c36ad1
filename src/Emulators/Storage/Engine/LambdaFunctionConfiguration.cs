using System.Text.Json.Serialization;

namespace Platform.Emulators.Storage.Engine;

/// <summary>One entry of a bucket's LambdaFunctionConfigurations: which events of which keys invoke
/// which function (asynchronously).</summary>
public sealed record LambdaFunctionConfiguration : NotificationEntry
{
    public required string FunctionArn { get; init; }

    [JsonIgnore]
    public override string DestinationArn => FunctionArn;
}
