using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// The platform (S3, SQS, Kinesis, DynamoDB, SNS, EventBridge, Lambda on one edge port) as an Aspire
/// resource: the <c>platform up</c> host run as an executable, with one HTTP endpoint every AWS API and
/// <c>/_platform</c> answer on. Made by <see cref="PlatformResourceBuilderExtensions.AddPlatform"/>.
/// </summary>
public sealed class PlatformResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory)
{
    /// <summary>The name of the edge endpoint.</summary>
    public const string EndpointName = "http";

    /// <summary>The path, below the endpoint, that answers 200 once the platform serves requests.</summary>
    public const string HealthPath = "/_platform/health";

    /// <summary>The keys referencing resources sign with: the platform accepts any on loopback.</summary>
    public const string AccessKeyId = "test";
    public const string SecretAccessKey = "test";

    private EndpointReference? _endpoint;

    /// <summary>The edge endpoint (<c>http://localhost:PORT</c>); what AWS_ENDPOINT_URL is set to.</summary>
    public EndpointReference Endpoint => _endpoint ??= new(this, EndpointName);

    /// <summary>The built host to run: a <c>platform.dll</c> (run with <c>dotnet exec</c>) or a <c>platform</c>
    /// executable. Null: <c>platform</c> on PATH.</summary>
    public string? PlatformPath { get; internal set; }

    /// <summary>platform.yaml, as an absolute path; null runs the platform with no declared resources.</summary>
    public string? ConfigPath { get; internal set; }

    /// <summary>Where state is kept across runs; null keeps it in memory (a fresh platform on every run).</summary>
    public string? DataDirectory { get; internal set; }

    /// <summary>The region the references' AWS_REGION names (platform.yaml's <c>region:</c> should agree).</summary>
    public string Region { get; internal set; } = "us-east-1";
}
