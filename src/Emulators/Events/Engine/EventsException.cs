using Platform.Emulators.Edge;

namespace Platform.Emulators.Events.Engine;

/// <summary>A request EventBridge or EventBridge Scheduler refuses, with the service's error code
/// (ResourceNotFoundException, ValidationException, InvalidEventPatternException, …) and HTTP status.</summary>
public sealed class EventsException(string code, string message, int status = 400) : EdgeException(code, message, status);
