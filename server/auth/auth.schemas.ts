import { z } from 'zod'
import { pattern } from '../http/fields'
import { Role } from './roles'

export const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict()

export const LogoutBody = z.object({ everywhere: z.boolean().optional() }).strict()

export const TokenBody = z.object({ name: z.string().trim().min(1).max(100) }).strict()

export const PasswordChangeBody = z
  .object({ current_password: z.string().min(1).max(1024), new_password: z.string().min(10, 'must be at least 10 characters').max(1024) })
  .strict()

const Username = pattern(/^[A-Za-z0-9_.-]{2,64}$/, 'bad_username')
const CountyCodes = z.array(pattern(/^\d{6}$/, 'bad_county_code')).max(20)

export const CreateUserBody = z
  .object({
    username: Username,
    display_name: z.string().max(100).default(''),
    password: z.string().min(10, 'must be at least 10 characters').max(1024),
    roles: z.array(Role).max(5),
    county_codes: CountyCodes.default([]),
  })
  .strict()

export const UpdateUserBody = z
  .object({
    display_name: z.string().max(100),
    password: z.string().min(10, 'must be at least 10 characters').max(1024),
    roles: z.array(Role).max(5),
    county_codes: CountyCodes,
    disabled: z.boolean(),
  })
  .partial()
  .strict()
