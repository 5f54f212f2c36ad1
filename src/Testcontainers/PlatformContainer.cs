using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using DotNet.Testcontainers.Containers;

namespace Platform.Testcontainers;

/// <summary>A running platform: its endpoint on the host and AWSSDK clients pointed at it.</summary>
public sealed class PlatformContainer(PlatformConfiguration configuration) : DockerContainer(configuration)
{
    /// <summary>The region the clients use (the platform's default).</summary>
    public const string Region = "us-east-1";

    /// <summary>http://host:port/ of the edge port: give it to any AWS SDK as the service URL (or as AWS_ENDPOINT_URL).</summary>
    public Uri GetEndpoint() => new UriBuilder(Uri.UriSchemeHttp, Hostname, GetMappedPublicPort(PlatformBuilder.EdgePort)).Uri;

    /// <summary>The keys the platform checks signatures with.</summary>
    public AWSCredentials Credentials { get; } = new BasicAWSCredentials(PlatformBuilder.AccessKey, PlatformBuilder.SecretKey);

    /// <summary>S3 with path-style addressing (bucket names in the path: no wildcard DNS needed for the container's host).</summary>
    public AmazonS3Client CreateS3Client() =>
        new(Credentials, new AmazonS3Config { ServiceURL = GetEndpoint().ToString(), ForcePathStyle = true, AuthenticationRegion = Region });

    public AmazonSQSClient CreateSqsClient() =>
        new(Credentials, new AmazonSQSConfig { ServiceURL = GetEndpoint().ToString(), AuthenticationRegion = Region });

    public AmazonDynamoDBClient CreateDynamoDbClient() =>
        new(Credentials, new AmazonDynamoDBConfig { ServiceURL = GetEndpoint().ToString(), AuthenticationRegion = Region });
}
