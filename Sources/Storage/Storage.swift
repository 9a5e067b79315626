/// Placeholder while the storage layer is written.
enum StoragePlaceholder {}
