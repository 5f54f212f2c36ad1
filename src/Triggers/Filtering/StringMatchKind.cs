namespace Platform.Triggers.Filtering;

internal enum StringMatchKind
{
    Equals,
    Prefix,
    Suffix,
}
