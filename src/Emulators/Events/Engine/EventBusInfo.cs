namespace Platform.Emulators.Events.Engine;

public sealed record EventBusInfo(string Name, string Arn, string? Description, DateTimeOffset Created);
