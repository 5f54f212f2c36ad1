using System.Text.Json.Serialization;
using Platform.Emulators.Queues.Api.Operations;

namespace Platform.Emulators.Queues.Api.Json;

/// <summary>The JSON protocol's (de)serializers for every operation record, generated at build
/// time: member names exactly as declared (SQS's), nulls omitted, byte[] as base64 as SQS sends.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateQueueRequest))]
[JsonSerializable(typeof(GetQueueUrlRequest))]
[JsonSerializable(typeof(ListQueuesRequest))]
[JsonSerializable(typeof(QueueRequest))]
[JsonSerializable(typeof(GetQueueAttributesRequest))]
[JsonSerializable(typeof(SetQueueAttributesRequest))]
[JsonSerializable(typeof(ListDeadLetterSourceQueuesRequest))]
[JsonSerializable(typeof(TagQueueRequest))]
[JsonSerializable(typeof(UntagQueueRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageBatchRequest))]
[JsonSerializable(typeof(ReceiveMessageRequest))]
[JsonSerializable(typeof(DeleteMessageRequest))]
[JsonSerializable(typeof(DeleteMessageBatchRequest))]
[JsonSerializable(typeof(ChangeMessageVisibilityRequest))]
[JsonSerializable(typeof(ChangeMessageVisibilityBatchRequest))]
[JsonSerializable(typeof(StartMessageMoveTaskRequest))]
[JsonSerializable(typeof(ListMessageMoveTasksRequest))]
[JsonSerializable(typeof(CancelMessageMoveTaskRequest))]
[JsonSerializable(typeof(QueueUrlResponse))]
[JsonSerializable(typeof(ListQueuesResponse))]
[JsonSerializable(typeof(QueueAttributesResponse))]
[JsonSerializable(typeof(ListDeadLetterSourceQueuesResponse))]
[JsonSerializable(typeof(QueueTagsResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(SendMessageResponse))]
[JsonSerializable(typeof(SendMessageBatchResponse))]
[JsonSerializable(typeof(ReceiveMessageResponse))]
[JsonSerializable(typeof(BatchIdsResponse))]
[JsonSerializable(typeof(StartMessageMoveTaskResponse))]
[JsonSerializable(typeof(ListMessageMoveTasksResponse))]
[JsonSerializable(typeof(CancelMessageMoveTaskResponse))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
