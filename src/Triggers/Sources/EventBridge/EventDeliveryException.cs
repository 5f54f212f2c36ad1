namespace Platform.Triggers.Sources.EventBridge;

/// <summary>A target refused a delivery; the code and message go into the dead-letter message's
/// ERROR_CODE and ERROR_MESSAGE attributes, as EventBridge reports them.</summary>
public sealed class EventDeliveryException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
