namespace Platform.Host.Lambda;

/// <summary>Lambda's State and LastUpdateStatus of a function created through the API, with their
/// reasons (null when Lambda sends none).</summary>
internal sealed record FunctionState(string State, string LastUpdateStatus, string? StateReason = null, string? StateReasonCode = null,
    string? UpdateReason = null, string? UpdateReasonCode = null)
{
    public static readonly FunctionState Active = new("Active", "Successful");
    public static readonly FunctionState Pending = new("Pending", "InProgress", "The function is being created.", "Creating");
    public static readonly FunctionState Updating = new("Active", "InProgress", UpdateReason: "The function is being updated.", UpdateReasonCode: "Updating");

    public static FunctionState Failed(string reason) => new("Failed", "Failed", reason, "InternalError", reason, "InternalError");
}
