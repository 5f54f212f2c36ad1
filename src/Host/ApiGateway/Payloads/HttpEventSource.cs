using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.ApiGateway;

/// <summary>What an HTTP front end (a function URL, an HTTP API, a REST API) knows about one request
/// when it builds the function's event: the request itself, where it arrived and what matched it.</summary>
internal sealed record HttpEventSource
{
    public required HttpRequest Request { get; init; }

    /// <summary>The path as the client sent it, still percent-encoded (a named stage's prefix included for HTTP APIs).</summary>
    public required string RawPath { get; init; }
    public required string ApiId { get; init; }
    public required string AccountId { get; init; }
    public required string DomainName { get; init; }
    public required string DomainPrefix { get; init; }
    public required string RequestId { get; init; }
    public required DateTimeOffset Received { get; init; }
    public required ReadOnlyMemory<byte> Body { get; init; }
    public string RouteKey { get; init; } = "$default";
    public string Stage { get; init; } = "$default";

    /// <summary>The matched route's or resource's template (<c>/orders/{id}</c>), for payload 1.0's <c>resource</c>.</summary>
    public string Resource { get; init; } = "/";
    public string? ResourceId { get; init; }

    /// <summary>The request path without the stage (payload 1.0's <c>path</c>).</summary>
    public string Path { get; init; } = "/";
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    /// <summary>Writes <c>requestContext.authorizer</c> (IAM, JWT or a Lambda authorizer's context), or null for none.</summary>
    public Action<System.Text.Json.Utf8JsonWriter>? WriteAuthorizer { get; init; }

    public string SourceIp
    {
        get
        {
            var remote = Request.HttpContext.Connection.RemoteIpAddress;
            return (remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote ?? IPAddress.Loopback).ToString();
        }
    }

    public string Time => Received.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public string RawQuery => Request.QueryString.HasValue ? Request.QueryString.Value![1..] : "";

    /// <summary>An X-Ray trace header for a request that came without one: the same in the event and the response.</summary>
    public string TraceId => Request.Headers["X-Amzn-Trace-Id"].FirstOrDefault() ?? PayloadV2Event.TraceId(RequestId, Received);

    /// <summary>The headers API Gateway and Lambda add to what the client sent, unless the client sent them.</summary>
    public IEnumerable<(string Name, string Value)> ForwardingHeaders()
    {
        if (!Request.Headers.ContainsKey("X-Forwarded-For"))
            yield return ("X-Forwarded-For", SourceIp);
        if (!Request.Headers.ContainsKey("X-Forwarded-Proto"))
            yield return ("X-Forwarded-Proto", Request.Scheme);
        if (!Request.Headers.ContainsKey("X-Forwarded-Port"))
            yield return ("X-Forwarded-Port", (Request.Host.Port ?? 80).ToString(CultureInfo.InvariantCulture));
        if (!Request.Headers.ContainsKey("X-Amzn-Trace-Id"))
            yield return ("X-Amzn-Trace-Id", TraceId);
    }
}
