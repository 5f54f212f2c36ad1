namespace Platform.Emulators.Storage.Engine;

/// <summary>Lets PutBucketNotificationConfiguration validate its destinations the way S3 does
/// ("Unable to validate the following destination configurations") without the storage emulator
/// knowing the runtime. The host supplies it.</summary>
public interface IFunctionDirectory
{
    bool FunctionExists(string functionArn);
}
