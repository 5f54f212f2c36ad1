namespace Platform.Triggers.Mappings;

/// <summary>A mapping AWS would refuse: Lambda answers InvalidParameterValueException (HTTP 400)
/// with this message; platform.yaml reports it at the mapping's line.</summary>
public sealed class MappingValidationException(string message, string errorCode = "InvalidParameterValueException")
    : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}
