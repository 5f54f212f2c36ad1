namespace Platform.Emulators.Tables.Engine;

/// <summary>DynamoDB's data types, named as on the wire.</summary>
public enum AttributeKind
{
    S,
    N,
    B,
    BOOL,
    NULL,
    SS,
    NS,
    BS,
    L,
    M,
}
