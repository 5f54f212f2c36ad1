using System.Security.Cryptography;
using System.Text.Json;

namespace Platform.Emulators.Topics.Engine;

public sealed partial class TopicEngine
{
    public const string PendingConfirmation = "pending confirmation";

    /// <summary>Subscribes an endpoint. SQS queues and functions are confirmed at once (same
    /// account); an HTTP/S endpoint stays pending until it confirms the token SNS posts to it. Returns
    /// the ARN, or "pending confirmation" for a pending one unless <paramref name="returnArn"/>.</summary>
    public async Task<string> SubscribeAsync(string? topicArn, string? protocol, string? endpoint,
        IReadOnlyDictionary<string, string>? attributes, bool returnArn, CancellationToken cancellationToken)
    {
        var topic = RequireTopic(topicArn);
        if (string.IsNullOrEmpty(protocol))
            throw TopicErrors.MissingParameter("Protocol");
        protocol = protocol.ToLowerInvariant();
        SubscriptionEndpoints.Validate(topic, protocol, endpoint);
        attributes ??= new Dictionary<string, string>();
        if (protocol == "lambda" && attributes.ContainsKey(SubscriptionAttributeNames.RawMessageDelivery))
            throw TopicErrors.InvalidParameter("Delivery protocol [lambda] does not support raw message delivery.");
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            ValidateSubscriptionAttribute(key, value, attributes);
            stored[key] = value;
        }

        lock (_lock)
        {
            var existing = _subscriptions.Values.FirstOrDefault(s => s.TopicArn == topic.Arn && s.Protocol == protocol && s.Endpoint == endpoint);
            if (existing is not null)
            {
                if (!stored.All(a => existing.Attributes.TryGetValue(a.Key, out var v) && v == a.Value))
                    throw TopicErrors.InvalidParameter("Attributes Reason: Subscription already exists with different attributes");
                return existing.Confirmed || returnArn ? existing.Arn : PendingConfirmation;
            }
        }

        var confirmed = protocol is not ("http" or "https");
        var token = confirmed ? null : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64));
        var arn = TopicNames.SubscriptionArn(topic.Arn);
        var now = _time.GetUtcNow();
        var subscription = await _database.WriteAsync(connection =>
        {
            // The subscription sees messages published after this commit, never earlier ones still in the outbox.
            long since;
            using (var last = Command(connection, "SELECT seq FROM sqlite_sequence WHERE name = 'sns_outbox'"))
                since = last.ExecuteScalar() is long seq ? seq : 0;
            using (var insert = Command(connection, """
                INSERT INTO sns_subscriptions (arn, topic_arn, protocol, endpoint, owner, attributes, confirmed, token, since_seq, created_ms)
                VALUES ($arn, $topic, $protocol, $endpoint, $owner, $attributes, $confirmed, $token, $since, $now)
                """, ("$arn", arn), ("$topic", topic.Arn), ("$protocol", protocol), ("$endpoint", endpoint), ("$owner", Options.AccountId),
                ("$attributes", TopicJson.WriteMap(stored)), ("$confirmed", confirmed ? 1 : 0), ("$token", token), ("$since", since),
                ("$now", now.ToUnixTimeMilliseconds())))
                insert.ExecuteNonQuery();
            if (token is not null)
                InsertHttp(connection, "SubscriptionConfirmation", topic.Arn, arn, Guid.NewGuid().ToString(), null,
                    $"You have chosen to subscribe to the topic {topic.Arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
                    now.ToUnixTimeMilliseconds(), token);
            return new Subscription(arn, topic.Arn, protocol, endpoint!, Options.AccountId, stored, confirmed, token, since);
        }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
            _subscriptions[arn] = subscription;
        ConfigurationChanged.Notify();
        if (token is not null)
            Changed.Notify();
        return confirmed || returnArn ? arn : PendingConfirmation;
    }

    public async Task<string> ConfirmSubscriptionAsync(string? topicArn, string? token, CancellationToken cancellationToken)
    {
        var topic = RequireTopic(topicArn);
        if (string.IsNullOrEmpty(token))
            throw TopicErrors.MissingParameter("Token");
        Subscription? subscription;
        lock (_lock)
            subscription = _subscriptions.Values.FirstOrDefault(s => s.TopicArn == topic.Arn && s.Token == token);
        if (subscription is null)
            throw TopicErrors.InvalidParameter("Token");
        if (subscription.Confirmed)
            return subscription.Arn;
        var confirmed = subscription with { Confirmed = true };
        await _database.WriteAsync(connection =>
        {
            using var update = Command(connection, "UPDATE sns_subscriptions SET confirmed = 1 WHERE arn = $arn", ("$arn", subscription.Arn));
            update.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
            _subscriptions[subscription.Arn] = confirmed;
        ConfigurationChanged.Notify();
        return subscription.Arn;
    }

    public async Task UnsubscribeAsync(string? subscriptionArn, CancellationToken cancellationToken)
    {
        var subscription = RequireSubscription(subscriptionArn);
        await _database.WriteAsync(connection =>
        {
            using var delete = Command(connection, "DELETE FROM sns_subscriptions WHERE arn = $arn", ("$arn", subscription.Arn));
            delete.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
            _subscriptions.Remove(subscription.Arn);
        ConfigurationChanged.Notify();
    }

    public (IReadOnlyList<Subscription> Subscriptions, string? NextToken) ListSubscriptions(string? topicArn, string? nextToken)
    {
        List<Subscription> all;
        if (topicArn is not null)
        {
            var topic = RequireTopic(topicArn);
            lock (_lock)
                all = [.. _subscriptions.Values.Where(s => s.TopicArn == topic.Arn)];
        }
        else
        {
            lock (_lock)
                all = [.. _subscriptions.Values];
        }

        var byArn = all.ToDictionary(s => s.Arn, StringComparer.Ordinal);
        var arns = byArn.Keys.ToList();
        arns.Sort(StringComparer.Ordinal);
        var (page, token) = Page(arns, nextToken);
        return ([.. page.Select(a => byArn[a])], token);
    }

    public IReadOnlyList<Subscription> Subscriptions()
    {
        lock (_lock)
            return [.. _subscriptions.Values];
    }

    public Dictionary<string, string> GetSubscriptionAttributes(string? subscriptionArn)
    {
        var subscription = RequireSubscription(subscriptionArn);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConfirmationWasAuthenticated"] = subscription.Confirmed && subscription.Token is null ? "true" : "false",
            ["PendingConfirmation"] = subscription.Confirmed ? "false" : "true",
            ["Owner"] = subscription.Owner,
            [SubscriptionAttributeNames.RawMessageDelivery] = "false",
            ["TopicArn"] = subscription.TopicArn,
            ["Endpoint"] = subscription.Endpoint,
            ["Protocol"] = subscription.Protocol,
            ["SubscriptionArn"] = subscription.Arn,
        };
        if (subscription.Protocol is "http" or "https")
            attributes["EffectiveDeliveryPolicy"] = DeliveryPolicies.DefaultEffective;
        foreach (var (key, value) in subscription.Attributes)
            attributes[key] = value;
        if (subscription.Attributes.ContainsKey(SubscriptionAttributeNames.FilterPolicy) &&
            !subscription.Attributes.ContainsKey(SubscriptionAttributeNames.FilterPolicyScope))
            attributes[SubscriptionAttributeNames.FilterPolicyScope] = "MessageAttributes";
        return attributes;
    }

    public async Task SetSubscriptionAttributeAsync(string? subscriptionArn, string? name, string? value, CancellationToken cancellationToken)
    {
        var subscription = RequireSubscription(subscriptionArn);
        if (name is null || !SubscriptionAttributeNames.Settable.Contains(name))
            throw TopicErrors.InvalidParameter("AttributeName");
        value ??= "";
        var attributes = new Dictionary<string, string>(subscription.Attributes, StringComparer.Ordinal);
        // An empty FilterPolicy or RedrivePolicy removes it, as in SNS.
        if (value.Length == 0 && name is SubscriptionAttributeNames.FilterPolicy or SubscriptionAttributeNames.RedrivePolicy)
        {
            attributes.Remove(name);
            if (name == SubscriptionAttributeNames.FilterPolicy)
                attributes.Remove(SubscriptionAttributeNames.FilterPolicyScope);
        }
        else
        {
            var context = new Dictionary<string, string>(attributes, StringComparer.Ordinal) { [name] = value };
            ValidateSubscriptionAttribute(name, value, context);
            attributes[name] = value;
        }

        if (name == SubscriptionAttributeNames.RawMessageDelivery && subscription.Protocol == "lambda")
            throw TopicErrors.InvalidParameter("Delivery protocol [lambda] does not support raw message delivery.");

        var updated = subscription with { Attributes = attributes };
        await _database.WriteAsync(connection =>
        {
            using var update = Command(connection, "UPDATE sns_subscriptions SET attributes = $attributes WHERE arn = $arn",
                ("$arn", subscription.Arn), ("$attributes", TopicJson.WriteMap(attributes)));
            if (update.ExecuteNonQuery() == 0)
                throw TopicErrors.SubscriptionNotFound();
        }, cancellationToken).ConfigureAwait(false);
        lock (_lock)
            _subscriptions[subscription.Arn] = updated;
        ConfigurationChanged.Notify();
    }

    private void ValidateSubscriptionAttribute(string name, string value, IReadOnlyDictionary<string, string> all)
    {
        switch (name)
        {
            case SubscriptionAttributeNames.RawMessageDelivery:
                if (value.ToLowerInvariant() is not ("true" or "false"))
                    throw TopicErrors.InvalidParameter($"Attributes Reason: RawMessageDelivery: Invalid value [{value}]. Must be true or false.");
                break;
            case SubscriptionAttributeNames.FilterPolicyScope:
                if (value is not ("MessageAttributes" or "MessageBody"))
                    throw TopicErrors.InvalidParameter("Attributes Reason: FilterPolicyScope: Invalid value [" + value + "]. Please use either MessageBody or MessageAttributes");
                if (all.GetValueOrDefault(SubscriptionAttributeNames.FilterPolicy) is { Length: > 0 } policy && _filterRules.Validate(policy, value) is { } scopeError)
                    throw TopicErrors.InvalidParameter("FilterPolicy: " + scopeError);
                break;
            case SubscriptionAttributeNames.FilterPolicy:
                if (_filterRules.Validate(value, all.GetValueOrDefault(SubscriptionAttributeNames.FilterPolicyScope) ?? "MessageAttributes") is { } error)
                    throw TopicErrors.InvalidParameter("FilterPolicy: " + error);
                break;
            case SubscriptionAttributeNames.RedrivePolicy:
                ValidateRedrivePolicy(value);
                break;
            case SubscriptionAttributeNames.DeliveryPolicy:
                if (!JsonChecks.IsObject(value))
                    throw TopicErrors.InvalidParameter("DeliveryPolicy: failed to parse JSON.");
                break;
            default:
                if (!SubscriptionAttributeNames.Settable.Contains(name))
                    throw TopicErrors.InvalidParameter("Attributes Reason: Unknown attribute " + name);
                break;
        }
    }

    private static void ValidateRedrivePolicy(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("deadLetterTargetArn", out var target) || target.ValueKind != JsonValueKind.String)
                throw TopicErrors.InvalidParameter("RedrivePolicy: deadLetterTargetArn is missing");
            var parts = target.GetString()!.Split(':');
            if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "sqs" || parts[5].Length == 0)
                throw TopicErrors.InvalidParameter("RedrivePolicy: deadLetterTargetArn is an invalid arn");
        }
        catch (JsonException)
        {
            throw TopicErrors.InvalidParameter("RedrivePolicy: failed to parse JSON.");
        }
    }

    private Subscription RequireSubscription(string? subscriptionArn)
    {
        if (string.IsNullOrEmpty(subscriptionArn))
            throw TopicErrors.MissingParameter("SubscriptionArn");
        if (TopicNames.TopicOfSubscription(subscriptionArn) is null)
            throw TopicErrors.InvalidParameter("SubscriptionArn");
        lock (_lock)
            return _subscriptions.GetValueOrDefault(subscriptionArn) ?? throw TopicErrors.SubscriptionNotFound();
    }
}
