namespace Platform.Triggers.Sources.S3;

/// <summary>Reads the function name out of a Lambda ARN
/// (<c>arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]</c>) or accepts a bare name.</summary>
public static class FunctionArn
{
    public static bool TryParseName(string arnOrName, out string name)
    {
        name = "";
        if (string.IsNullOrWhiteSpace(arnOrName))
            return false;

        if (!arnOrName.StartsWith("arn:", StringComparison.Ordinal))
        {
            name = arnOrName;
            return !arnOrName.Contains(':');
        }

        var parts = arnOrName.Split(':');
        // arn : partition : lambda : region : account : function : name [: qualifier]
        if (parts.Length is < 7 or > 8 || parts[2] != "lambda" || parts[5] != "function" || parts[6].Length == 0)
            return false;

        // A version or alias runs as the function registered as name:qualifier.
        name = parts.Length == 8 && parts[7] is { Length: > 0 } qualifier && qualifier != "$LATEST" ? $"{parts[6]}:{qualifier}" : parts[6];
        return true;
    }
}
