@_exported public import AWSConfig
