import { uploadWithProgress } from './client'

/** A stored file, as `/api/files` answers (server/files/files.ts). */
export type StoredFile = {
  id: number
  sha256: string
  contentType: string
  size: number
  name: string | null
  width: number | null
  height: number | null
  takenAt: string | null
  position: { lon: number; lat: number } | null
  createdAt: string
  url: string
  thumbnailUrl: string | null
}

/** Uploads a photo or a document to the shared file store; its id then goes into a record. */
export function uploadFile(file: File | Blob, purpose: 'photo' | 'document', onProgress?: (sent: number) => void): Promise<StoredFile> {
  const params = new URLSearchParams({ purpose })
  if (file instanceof File && file.name) params.set('name', file.name.slice(0, 200))
  return uploadWithProgress(`/api/files?${params}`, file, onProgress)
}
