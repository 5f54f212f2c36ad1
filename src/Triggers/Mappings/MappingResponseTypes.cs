namespace Platform.Triggers.Mappings;

public static class MappingResponseTypes
{
    public const string ReportBatchItemFailures = "ReportBatchItemFailures";
}
