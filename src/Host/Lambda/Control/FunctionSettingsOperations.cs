using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

/// <summary>Resource policy (Add/RemovePermission, GetPolicy), tags, reserved concurrency,
/// GetFunctionCodeSigningConfig and GetAccountSettings for functions created through the API.</summary>
internal sealed class FunctionSettingsOperations(ControlPlane control)
{
    private const int AccountConcurrency = 1000;
    private const int MinimumUnreserved = 100;

    public async Task AddPermissionAsync(LambdaRequest request, string nameOrArn)
    {
        var body = LambdaJson.ParseObject(request.Body);
        var qualifier = ControlPlane.Qualifier(request, nameOrArn);
        var sid = LambdaJson.String(body, "StatementId") ?? throw LambdaException.Validation("statementId", "null", "Member must not be null");
        if (sid.Length is 0 or > 100 || !sid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw LambdaException.Validation("statementId", sid, "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)");
        var action = LambdaJson.String(body, "Action") ?? throw LambdaException.Validation("action", "null", "Member must not be null");
        var principal = LambdaJson.String(body, "Principal") ?? throw LambdaException.Validation("principal", "null", "Member must not be null");
        string statement;
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            if (qualifier is not null)
                control.Version(function.Name, qualifier);
            if (LambdaJson.String(body, "RevisionId") is { } revision && revision != function.PolicyRevisionId)
                throw new LambdaException(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id");
            if (function.Policy.Any(s => s.Sid == sid))
                throw LambdaException.Conflict("The statement id (sid) provided already exists. Please choose a new statement id, or remove the existing statement.");
            var resource = qualifier is null ? control.ArnOf(function.Name) : $"{control.ArnOf(function.Name)}:{qualifier}";
            statement = Statement(sid, action, principal, resource, body);
            await control.Store.PutAsync(function with
            {
                Policy = [.. function.Policy, new PolicyStatement(sid, qualifier ?? "", statement)],
                PolicyRevisionId = ControlPlane.NewRevision(),
            }, request.Aborted).ConfigureAwait(false);
        }
        await LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status201Created, json =>
        {
            json.WriteStartObject();
            json.WriteString("Statement", statement);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task RemovePermissionAsync(LambdaRequest request, string nameOrArn, string sid)
    {
        var qualifier = ControlPlane.Qualifier(request, nameOrArn) ?? "";
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            if (!function.Policy.Any(s => s.Sid == sid && s.Qualifier == qualifier))
                throw LambdaException.NotFound($"Statement {sid} is not found in resource policy.");
            await control.Store.PutAsync(function with
            {
                Policy = [.. function.Policy.Where(s => !(s.Sid == sid && s.Qualifier == qualifier))],
                PolicyRevisionId = ControlPlane.NewRevision(),
            }, request.Aborted).ConfigureAwait(false);
        }
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task GetPolicyAsync(LambdaRequest request, string nameOrArn)
    {
        var qualifier = ControlPlane.Qualifier(request, nameOrArn) ?? "";
        var function = control.Require(nameOrArn);
        var statements = function.Policy.Where(s => s.Qualifier == qualifier).ToList();
        if (statements.Count == 0)
            throw LambdaException.NotFound("The resource you requested does not exist.");
        var policy = $$"""{"Version":"2012-10-17","Id":"default","Statement":[{{string.Join(",", statements.Select(s => s.Json))}}]}""";
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("Policy", policy);
            json.WriteString("RevisionId", function.PolicyRevisionId);
            json.WriteEndObject();
        });
    }

    public async Task TagAsync(LambdaRequest request, string arn)
    {
        var body = LambdaJson.ParseObject(request.Body);
        var tags = FunctionControlOperations.Tags(body);
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = TaggedFunction(arn);
            var merged = new Dictionary<string, string>(function.Tags, StringComparer.Ordinal);
            foreach (var (key, value) in tags)
                merged[key] = value;
            if (merged.Count > 50)
                throw LambdaException.InvalidParameter("Number of tags exceeds resource tag limit.");
            await control.Store.PutAsync(function with { Tags = merged }, request.Aborted).ConfigureAwait(false);
        }
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task UntagAsync(LambdaRequest request, string arn)
    {
        var keys = request.Context.Request.Query["tagKeys"].Select(k => k ?? "").ToHashSet(StringComparer.Ordinal);
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = TaggedFunction(arn);
            await control.Store.PutAsync(function with
            {
                Tags = function.Tags.Where(t => !keys.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            }, request.Aborted).ConfigureAwait(false);
        }
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task ListTagsAsync(LambdaRequest request, string arn)
    {
        var function = TaggedFunction(arn);
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("Tags");
            foreach (var (key, value) in function.Tags)
                json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    public async Task PutConcurrencyAsync(LambdaRequest request, string nameOrArn)
    {
        var body = LambdaJson.ParseObject(request.Body);
        var reserved = LambdaJson.Int(body, "ReservedConcurrentExecutions", 0, int.MaxValue)
            ?? throw LambdaException.Validation("reservedConcurrentExecutions", "null", "Member must not be null");
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            var others = control.Store.Functions.Where(f => f.Name != function.Name).Sum(f => f.ReservedConcurrency ?? 0);
            if (AccountConcurrency - others - reserved < MinimumUnreserved)
            {
                throw LambdaException.InvalidParameter(
                    $"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{MinimumUnreserved}].");
            }
            await control.Store.PutAsync(function with { ReservedConcurrency = reserved }, request.Aborted).ConfigureAwait(false);
            await control.Registrar.ActivateAsync(function.Name, request.Aborted).ConfigureAwait(false);
        }
        await WriteConcurrencyAsync(request, reserved).ConfigureAwait(false);
    }

    public Task GetConcurrencyAsync(LambdaRequest request, string nameOrArn) =>
        WriteConcurrencyAsync(request, control.Require(nameOrArn).ReservedConcurrency);

    public async Task DeleteConcurrencyAsync(LambdaRequest request, string nameOrArn)
    {
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = control.Require(nameOrArn);
            await control.Store.PutAsync(function with { ReservedConcurrency = null }, request.Aborted).ConfigureAwait(false);
            await control.Registrar.ActivateAsync(function.Name, request.Aborted).ConfigureAwait(false);
        }
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task GetCodeSigningConfigAsync(LambdaRequest request, string nameOrArn)
    {
        var name = LambdaFunctions.ParseName(nameOrArn).Name;
        if (control.Store.Function(name) is null)
            control.Functions.Resolve(name);
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("CodeSigningConfigArn", "");
            json.WriteString("FunctionName", name);
            json.WriteEndObject();
        });
    }

    public Task GetAccountSettingsAsync(LambdaRequest request)
    {
        var functions = control.Store.Functions;
        var reserved = functions.Sum(f => f.ReservedConcurrency ?? 0);
        var codeSize = functions.SelectMany(f => control.Store.Versions(f.Name)).Sum(v => v.CodeSize)
            + control.Store.LayerVersions().Where(l => !l.Deleted).Sum(l => l.CodeSize);
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("AccountLimit");
            json.WriteNumber("TotalCodeSize", 80530636800L);
            json.WriteNumber("CodeSizeUnzipped", CodeArchive.MaxUnzippedBytes);
            json.WriteNumber("CodeSizeZipped", CodeArchive.MaxDirectUploadBytes);
            json.WriteNumber("ConcurrentExecutions", AccountConcurrency);
            json.WriteNumber("UnreservedConcurrentExecutions", AccountConcurrency - reserved);
            json.WriteEndObject();
            json.WriteStartObject("AccountUsage");
            json.WriteNumber("TotalCodeSize", codeSize);
            json.WriteNumber("FunctionCount", control.Functions.All.Count(f => !f.Name.Contains(':')));
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private FunctionRecord TaggedFunction(string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
            throw LambdaException.Validation("resource", arn, "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        return control.Require(arn);
    }

    private static Task WriteConcurrencyAsync(LambdaRequest request, int? reserved) =>
        LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            if (reserved is { } value)
                json.WriteNumber("ReservedConcurrentExecutions", value);
            json.WriteEndObject();
        });

    /// <summary>The statement exactly as Lambda writes it: the principal as Service/AWS, the
    /// source account and ARN as conditions.</summary>
    private static string Statement(string sid, string action, string principal, string resource, JsonElement body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Sid", sid);
            json.WriteString("Effect", "Allow");
            if (principal == "*")
            {
                json.WriteString("Principal", "*");
            }
            else
            {
                json.WriteStartObject("Principal");
                if (principal.EndsWith(".amazonaws.com", StringComparison.Ordinal) || principal.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal))
                    json.WriteString("Service", principal);
                else if (principal.Length == 12 && principal.All(char.IsAsciiDigit))
                    json.WriteString("AWS", $"arn:aws:iam::{principal}:root");
                else
                    json.WriteString("AWS", principal);
                json.WriteEndObject();
            }
            json.WriteString("Action", action);
            json.WriteString("Resource", resource);
            var sourceAccount = LambdaJson.String(body, "SourceAccount");
            var sourceArn = LambdaJson.String(body, "SourceArn");
            var organization = LambdaJson.String(body, "PrincipalOrgID");
            var token = LambdaJson.String(body, "EventSourceToken");
            var urlAuth = LambdaJson.String(body, "FunctionUrlAuthType");
            if (sourceAccount is not null || sourceArn is not null || organization is not null || token is not null || urlAuth is not null)
            {
                json.WriteStartObject("Condition");
                if (sourceAccount is not null || organization is not null || token is not null || urlAuth is not null)
                {
                    json.WriteStartObject("StringEquals");
                    if (sourceAccount is not null)
                        json.WriteString("AWS:SourceAccount", sourceAccount);
                    if (organization is not null)
                        json.WriteString("aws:PrincipalOrgID", organization);
                    if (token is not null)
                        json.WriteString("lambda:EventSourceToken", token);
                    if (urlAuth is not null)
                        json.WriteString("lambda:FunctionUrlAuthType", urlAuth);
                    json.WriteEndObject();
                }
                if (sourceArn is not null)
                {
                    json.WriteStartObject("ArnLike");
                    json.WriteString("AWS:SourceArn", sourceArn);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
