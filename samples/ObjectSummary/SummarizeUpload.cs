namespace ObjectSummary;

public sealed class SummarizeUpload;
