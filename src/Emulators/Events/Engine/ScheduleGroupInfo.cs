namespace Platform.Emulators.Events.Engine;

public sealed record ScheduleGroupInfo(string Name, string Arn, DateTimeOffset Created, DateTimeOffset Modified);
