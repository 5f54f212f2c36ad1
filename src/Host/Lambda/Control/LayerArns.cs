namespace Platform.Host.Lambda;

internal static class LayerArns
{
    /// <summary>arn:aws:lambda:{region}:{account}:layer:{name}:{version}, split on ':'.</summary>
    public static bool IsLayerVersionArn(this string[] parts) =>
        parts is ["arn", _, "lambda", _, _, "layer", var name, var version]
        && name.Length is > 0 and <= 140 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
        && version.Length > 0 && version.All(char.IsAsciiDigit);
}
