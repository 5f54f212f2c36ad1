namespace Platform.Triggers.Sources.S3;

/// <summary>The account-level values an S3 event carries besides the change itself.</summary>
public sealed record S3EventContext(string Region, string AccountId)
{
    /// <summary>userIdentity.principalId: who made the request ("AWS:" + an IAM-ish id).</summary>
    public string RequesterPrincipalId => "AWS:" + AccountId;

    /// <summary>bucket.ownerIdentity.principalId: the bucket owner's canonical-ish id.</summary>
    public string OwnerPrincipalId => AccountId;
}
