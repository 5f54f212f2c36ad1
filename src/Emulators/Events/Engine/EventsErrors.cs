namespace Platform.Emulators.Events.Engine;

/// <summary>EventBridge's error codes and messages in one place; the wire layers only render them.</summary>
public static class EventsErrors
{
    public static EventsException Validation(string message) => new("ValidationException", message);

    /// <summary>AWS's model-constraint message ("1 validation error detected: …").</summary>
    public static EventsException Constraint(string value, string member, string constraint) =>
        new("ValidationException", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static EventsException NotFound(string message) => new("ResourceNotFoundException", message);

    public static EventsException BusNotFound(string bus) => NotFound($"Event bus {bus} does not exist.");

    public static EventsException RuleNotFound(string rule, string bus) => NotFound($"Rule {rule} does not exist on EventBus {bus}.");

    public static EventsException AlreadyExists(string message) => new("ResourceAlreadyExistsException", message);

    public static EventsException InvalidPattern(string reason) =>
        new("InvalidEventPatternException", $"Event pattern is not valid. Reason: {reason}");

    public static EventsException LimitExceeded(string message) => new("LimitExceededException", message);
}
