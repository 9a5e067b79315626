@_exported public import EKSTokenCore
