namespace Platform.Emulators.Storage.Engine;

public sealed record BucketNotification(string Bucket, NotificationConfiguration Configuration);
