namespace Platform.Triggers.Mappings;

public static class MappingOrigins
{
    public const string Config = "config";
    public const string Api = "api";
}
