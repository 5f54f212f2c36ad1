namespace Platform.Emulators.Storage.Engine;

/// <summary>One Part element of CompleteMultipartUpload; the ETag may carry quotes.</summary>
public sealed record CompletedPart(int PartNumber, string ETag);
