using System.Globalization;
using System.Text.Json;

namespace Platform.Host.Lambda;

/// <summary>Writes FunctionConfiguration, AliasConfiguration and layer shapes as Lambda returns them.</summary>
internal static class ConfigurationWriter
{
    /// <summary>Lambda's LastModified: ISO-8601 with milliseconds and a +0000 offset.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    public static void Write(Utf8JsonWriter json, FunctionVersionRecord version, FunctionState state, string functionArn,
        IReadOnlyList<(string Arn, long Size)> layers)
    {
        json.WriteStartObject();
        json.WriteString("FunctionName", version.Name);
        json.WriteString("FunctionArn", functionArn);
        json.WriteString("Runtime", version.Runtime);
        json.WriteString("Role", version.Role);
        json.WriteString("Handler", version.Handler);
        json.WriteNumber("CodeSize", version.CodeSize);
        json.WriteString("Description", version.Description);
        json.WriteNumber("Timeout", version.Timeout);
        json.WriteNumber("MemorySize", version.MemorySize);
        json.WriteString("LastModified", Timestamp(version.LastModified));
        json.WriteString("CodeSha256", version.CodeSha256);
        json.WriteString("Version", version.Version);
        if (version.Environment.Count > 0)
        {
            json.WriteStartObject("Environment");
            json.WriteStartObject("Variables");
            foreach (var (key, value) in version.Environment)
                json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        if (version.DeadLetterTarget is { } target)
        {
            json.WriteStartObject("DeadLetterConfig");
            json.WriteString("TargetArn", target);
            json.WriteEndObject();
        }
        json.WriteStartObject("TracingConfig");
        json.WriteString("Mode", version.TracingMode);
        json.WriteEndObject();
        json.WriteString("RevisionId", version.RevisionId);
        if (layers.Count > 0)
        {
            json.WriteStartArray("Layers");
            foreach (var (arn, size) in layers)
            {
                json.WriteStartObject();
                json.WriteString("Arn", arn);
                json.WriteNumber("CodeSize", size);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteString("State", state.State);
        if (state.StateReason is { } reason)
            json.WriteString("StateReason", reason);
        if (state.StateReasonCode is { } reasonCode)
            json.WriteString("StateReasonCode", reasonCode);
        json.WriteString("LastUpdateStatus", state.LastUpdateStatus);
        if (state.UpdateReason is { } updateReason)
            json.WriteString("LastUpdateStatusReason", updateReason);
        if (state.UpdateReasonCode is { } updateReasonCode)
            json.WriteString("LastUpdateStatusReasonCode", updateReasonCode);
        json.WriteString("PackageType", "Zip");
        json.WriteStartArray("Architectures");
        foreach (var architecture in version.Architectures)
            json.WriteStringValue(architecture);
        json.WriteEndArray();
        json.WriteStartObject("EphemeralStorage");
        json.WriteNumber("Size", version.EphemeralStorage);
        json.WriteEndObject();
        json.WriteStartObject("SnapStart");
        json.WriteString("ApplyOn", "None");
        json.WriteString("OptimizationStatus", "Off");
        json.WriteEndObject();
        json.WriteStartObject("LoggingConfig");
        json.WriteString("LogFormat", "Text");
        json.WriteString("LogGroup", "/aws/lambda/" + version.Name);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteAlias(Utf8JsonWriter json, AliasRecord alias, string functionArn)
    {
        json.WriteStartObject();
        json.WriteString("AliasArn", $"{functionArn}:{alias.Name}");
        json.WriteString("Name", alias.Name);
        json.WriteString("FunctionVersion", alias.FunctionVersion);
        json.WriteString("Description", alias.Description);
        if (alias.AdditionalVersionWeights.Count > 0)
        {
            json.WriteStartObject("RoutingConfig");
            json.WriteStartObject("AdditionalVersionWeights");
            foreach (var (version, weight) in alias.AdditionalVersionWeights)
                json.WriteNumber(version, weight);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteString("RevisionId", alias.RevisionId);
        json.WriteEndObject();
    }

    public static void WriteLayerVersion(Utf8JsonWriter json, LayerVersionRecord layer, string layerArn, string? location)
    {
        json.WriteStartObject();
        if (location is not null)
        {
            json.WriteStartObject("Content");
            json.WriteString("Location", location);
            json.WriteString("CodeSha256", layer.CodeSha256);
            json.WriteNumber("CodeSize", layer.CodeSize);
            json.WriteEndObject();
            json.WriteString("LayerArn", layerArn);
        }
        json.WriteString("LayerVersionArn", $"{layerArn}:{layer.Version}");
        json.WriteString("Description", layer.Description);
        json.WriteString("CreatedDate", Timestamp(layer.CreatedDate));
        json.WriteNumber("Version", layer.Version);
        json.WriteStartArray("CompatibleRuntimes");
        foreach (var runtime in layer.CompatibleRuntimes)
            json.WriteStringValue(runtime);
        json.WriteEndArray();
        if (layer.LicenseInfo is { } license)
            json.WriteString("LicenseInfo", license);
        json.WriteStartArray("CompatibleArchitectures");
        foreach (var architecture in layer.CompatibleArchitectures)
            json.WriteStringValue(architecture);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
