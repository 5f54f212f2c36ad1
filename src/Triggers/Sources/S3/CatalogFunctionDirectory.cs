using Platform.Emulators.Storage.Engine;

namespace Platform.Triggers.Sources.S3;

/// <summary>Lets PutBucketNotificationConfiguration reject destinations that are not functions of
/// the catalog, as S3 rejects functions it cannot validate.</summary>
public sealed class CatalogFunctionDirectory(IFunctionCatalog catalog) : IFunctionDirectory
{
    public bool FunctionExists(string functionArn) =>
        FunctionArn.TryParseName(functionArn, out var name) &&
        catalog.Functions.Any(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
