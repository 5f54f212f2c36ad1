using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Functions;
using Platform.Host.Composition;
using Platform.Triggers.Destinations;

namespace Platform.Host.Lambda;

/// <summary>Put/Update/Get/DeleteFunctionEventInvokeConfig: the async retry rules and on-failure
/// and on-success destinations of a function (its <see cref="FunctionDefinition.Async"/>), effective for the next
/// async event the function's poller takes.</summary>
internal sealed class EventInvokeConfigOperations(
    LambdaFunctions functions,
    ControlPlane control,
    EventInvokeConfigOverrides overrides,
    FunctionCatalogSource catalog,
    TimeProvider time)
{
    public async Task PutAsync(LambdaRequest request, string name, bool replace)
    {
        var function = Function(name, request.Query("Qualifier"));
        var body = LambdaJson.ParseObject(request.Body);
        // Put replaces the whole config (absent members take AWS's defaults); Update merges.
        var config = replace ? new AsyncInvokeConfig { RetryDelays = function.Async.RetryDelays } : function.Async;
        if (LambdaJson.Int(body, "MaximumRetryAttempts", 0, 2) is { } retries)
            config = config with { MaximumRetryAttempts = retries };
        if (LambdaJson.Int(body, "MaximumEventAgeInSeconds", 60, 21600) is { } age)
            config = config with { MaximumEventAgeInSeconds = age };
        if (LambdaJson.Object(body, "DestinationConfig") is { } destinations)
        {
            // A member present sets its destination (an empty one clears it); Update keeps an absent one.
            if (LambdaJson.Object(destinations, "OnSuccess") is { } onSuccess)
                config = config with { OnSuccessDestination = Destination(onSuccess, "onSuccess", DestinationRules.AsyncOnSuccess) };
            else if (replace)
                config = config with { OnSuccessDestination = null };
            if (LambdaJson.Object(destinations, "OnFailure") is { } onFailure)
                config = config with { OnFailureDestination = Destination(onFailure, "onFailure", DestinationRules.AsyncOnFailure) };
            else if (replace)
                config = config with { OnFailureDestination = null };
        }
        await overrides.SetAsync(function.Name, config, time.GetUtcNow(), request.Context.RequestAborted).ConfigureAwait(false);
        catalog.Refresh();
        await WriteAsync(request, function.Name, config).ConfigureAwait(false);
    }

    /// <summary>AWS's two checks: the API model's pattern (ValidationException), then the service —
    /// SQS, SNS, Lambda, EventBridge, and S3 for on-failure only (InvalidParameterValueException). Whether
    /// the resource exists is not checked here, as in Lambda; a record that cannot be delivered
    /// stays with its event, which is retried.</summary>
    private static string? Destination(JsonElement member, string outcome, IReadOnlySet<DestinationKind> allowed)
    {
        var destination = LambdaJson.String(member, "Destination");
        if (string.IsNullOrEmpty(destination))
            return null;
        if (destination.Length > 350)
            throw LambdaException.Validation($"destinationConfig.{outcome}.destination", destination, "Member must have length less than or equal to 350");
        if (!DestinationArn.IsWellFormed(destination))
            throw LambdaException.Validation($"destinationConfig.{outcome}.destination", destination,
                "Member must satisfy regular expression pattern: " + DestinationArn.AwsPattern);
        if (!DestinationRules.Accepts(destination, allowed))
            throw LambdaException.InvalidParameter($"The destination ARN {destination} is invalid.");
        return destination;
    }

    public Task GetAsync(LambdaRequest request, string name)
    {
        var function = Function(name, request.Query("Qualifier"));
        return WriteAsync(request, function.Name, function.Async);
    }

    public async Task DeleteAsync(LambdaRequest request, string name)
    {
        var function = Function(name, request.Query("Qualifier"));
        if (!await overrides.RemoveAsync(function.Name, request.Context.RequestAborted).ConfigureAwait(false))
            throw LambdaException.NotFound($"The function {functions.ArnOf(function.Name)} doesn't have an EventInvokeConfig set through the API.");
        catalog.Refresh();
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The function as the catalog has it. One created a moment ago may not be loaded yet
    /// (Pending); Lambda takes its event invoke config all the same, starting from AWS's defaults.</summary>
    private FunctionDefinition Function(string name, string? qualifier)
    {
        try
        {
            return functions.Resolve(name, qualifier);
        }
        catch (LambdaException) when (qualifier is null && control.Find(name) is { } created)
        {
            return new FunctionDefinition { Name = created.Name };
        }
    }

    private Task WriteAsync(LambdaRequest request, string function, AsyncInvokeConfig config) =>
        LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            LambdaJson.WriteEpochSeconds(json, "LastModified", overrides.LastModified(function) ?? DateTimeOffset.UnixEpoch);
            // A version's or alias's config is registered as name:qualifier; its ARN carries that qualifier.
            json.WriteString("FunctionArn", functions.ArnOf(function) + (function.Contains(':', StringComparison.Ordinal) ? "" : ":$LATEST"));
            json.WriteNumber("MaximumRetryAttempts", config.MaximumRetryAttempts);
            json.WriteNumber("MaximumEventAgeInSeconds", config.MaximumEventAgeInSeconds);
            json.WriteStartObject("DestinationConfig");
            json.WriteStartObject("OnSuccess");
            if (config.OnSuccessDestination is { } onSuccess)
                json.WriteString("Destination", onSuccess);
            json.WriteEndObject();
            json.WriteStartObject("OnFailure");
            if (config.OnFailureDestination is { } destination)
                json.WriteString("Destination", destination);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        });
}
