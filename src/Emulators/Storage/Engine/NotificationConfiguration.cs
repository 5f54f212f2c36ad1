namespace Platform.Emulators.Storage.Engine;

/// <summary>A bucket's whole notification configuration: a PUT replaces it.</summary>
public sealed record NotificationConfiguration(IReadOnlyList<LambdaFunctionConfiguration> LambdaFunctionConfigurations)
{
    public static NotificationConfiguration Empty { get; } = new([]);
}
