namespace Platform.Host.Composition;

/// <summary>What a platform.yaml reload did.</summary>
internal enum ReloadOutcome
{
    /// <summary>Same bytes as the version last read (a touch, or a save without edits): nothing to do.</summary>
    Unchanged,

    /// <summary>The new version runs now.</summary>
    Applied,

    /// <summary>Invalid, or refused by an emulator or the runtime: the previous version keeps running.</summary>
    Rejected,
}
