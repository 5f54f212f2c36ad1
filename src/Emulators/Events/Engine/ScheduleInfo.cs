namespace Platform.Emulators.Events.Engine;

/// <summary>A stored schedule: its definition and when it was created and last changed.</summary>
public sealed record ScheduleInfo(string Name, string GroupName, string Arn, ScheduleDefinition Definition, DateTimeOffset Created, DateTimeOffset Modified);
