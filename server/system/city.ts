import fs from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'

const City = z.object({
  code: z.string().regex(/^\d{4}$/),
  name: z.string(),
  name_en: z.string(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  neighbours: z.array(z.object({ code: z.string(), name: z.string(), name_en: z.string() })),
})

/** The service's city, from `<cityDataDir>/city.json`. */
export type City = z.infer<typeof City>

/** Reads city.json. @throws naming the file when it is missing or malformed. */
export async function readCity(cityDataDir: string): Promise<City> {
  const file = path.join(cityDataDir, 'city.json')
  const parsed = City.safeParse(JSON.parse(await fs.readFile(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`)
  return parsed.data
}
