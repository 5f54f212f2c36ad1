namespace Platform.Host.Lambda;

internal sealed record StoredCode(string CodeId, string Sha256, long Size);
