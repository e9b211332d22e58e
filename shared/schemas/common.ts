import { z } from 'zod';

/**
 * Zod messages are i18n keys (`validation.*`), so the same schema gives the same words in the
 * renderer's forms and in the main process's refusals.
 */
export const roles = ['admin', 'staff'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles, { message: 'validation.role' });

export const usernameSchema = z
  .string({ message: 'validation.required' })
  .trim()
  .min(2, { message: 'validation.usernameLength' })
  .max(32, { message: 'validation.usernameLength' })
  .regex(/^[a-zA-Z0-9._-]+$/, { message: 'validation.usernameChars' })
  .transform((v) => v.toLowerCase());

export const displayNameSchema = z
  .string({ message: 'validation.required' })
  .trim()
  .min(1, { message: 'validation.required' })
  .max(40, { message: 'validation.tooLong' });

/** NIST 800-63B style: length matters, composition rules do not. */
export const PASSWORD_MIN_LENGTH = 8;
export const newPasswordSchema = z
  .string({ message: 'validation.required' })
  .min(PASSWORD_MIN_LENGTH, { message: 'validation.passwordTooShort' })
  .max(256, { message: 'validation.tooLong' });

/** A password being checked (login): any non-empty string; length rules apply only when set. */
export const passwordSchema = z
  .string({ message: 'validation.required' })
  .min(1, { message: 'validation.required' })
  .max(256, { message: 'validation.tooLong' });

export const stationCodeSchema = z
  .string({ message: 'validation.required' })
  .trim()
  .regex(/^[A-Za-z0-9-]{2,32}$/, { message: 'validation.stationCode' })
  .transform((v) => v.toUpperCase());

export const stationNameSchema = z
  .string({ message: 'validation.required' })
  .trim()
  .min(2, { message: 'validation.required' })
  .max(60, { message: 'validation.tooLong' });

export const idSchema = z.number({ message: 'validation.required' }).int().positive();

export const localeSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof localeSchema>;

/** Minutes of inactivity before the database is closed; 0 is not offered (never off). */
export const idleLockMinutesSchema = z
  .number({ message: 'validation.required' })
  .int({ message: 'validation.idleLockMinutes' })
  .min(1, { message: 'validation.idleLockMinutes' })
  .max(60, { message: 'validation.idleLockMinutes' });
