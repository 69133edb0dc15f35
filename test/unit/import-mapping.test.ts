import { describe, expect, it } from 'vitest'
import { entitySpecs } from '@shared/entity-fields'
import {
  checkMapping,
  normalizeLabel,
  proposeMapping,
  unmappedColumns
} from '../../src/main/core/imports/column-mapping'
import { convertCell } from '../../src/main/core/imports/cell-values'
import { detectDelimiter } from '../../src/main/core/imports/csv-rows'
import { fileKind } from '../../src/main/core/imports/import-files'

const field = (name: string) => entitySpecs.product.fields.find((each) => each.name === name)!

describe('column mapping', () => {
  it('normalizes case, spaces, underscores, dashes and accents', () => {
    expect(normalizeLabel(' Catégorie_Name ')).toBe('categoriename')
    expect(normalizeLabel('EXTERNAL-ID')).toBe('externalid')
    expect(normalizeLabel('Ünit.Price')).toBe('unitprice')
  })

  it('proposes fields by name, label and column, references by key, name or external id', () => {
    const headers = [
      'External ID',
      'NAME',
      'sku',
      'Brand name',
      'Catégory',
      'supplier_external_id',
      'Price',
      'Notes'
    ]
    expect(proposeMapping('product', headers)).toEqual({
      'External ID': 'externalId',
      NAME: 'name',
      sku: 'sku',
      'Brand name': 'brandId',
      Catégory: 'categoryId',
      supplier_external_id: 'supplierId',
      Price: 'price'
    })
    expect(unmappedColumns(headers, proposeMapping('product', headers))).toEqual(['Notes'])
  })

  it('gives each field one column, the leftmost', () => {
    expect(proposeMapping('product', ['Brand', 'brand_id'])).toEqual({ Brand: 'brandId' })
  })

  it('proposes the remembered mapping first, then the rest by name', () => {
    const remembered = { Preis: 'price', Artikel: 'name', Gone: 'sku' }
    expect(proposeMapping('product', ['Artikel', 'Preis', 'SKU', 'name'], remembered)).toEqual({
      Artikel: 'name',
      Preis: 'price',
      SKU: 'sku'
    })
    // A remembered field that is not the type's is ignored.
    expect(proposeMapping('brand', ['Preis'], { Preis: 'price' })).toEqual({})
  })

  it('checks a given mapping against the file and the type', () => {
    const headers = ['a', 'b']
    expect(() => checkMapping('product', headers, { c: 'name' })).toThrow('no such column')
    expect(() => checkMapping('product', headers, { a: 'colour' })).toThrow(
      'not a field of product'
    )
    expect(() => checkMapping('product', headers, { a: 'name', b: 'name' })).toThrow(
      'already mapped from "a"'
    )
    expect(() => checkMapping('product', headers, { a: 'name', b: 'externalId' })).not.toThrow()
  })
})

describe('reading cells and files', () => {
  it('detects the delimiter from the header line, quotes aside', () => {
    expect(detectDelimiter('\uFEFFa;b;c\r\n1,5;2;3')).toBe(';')
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',')
    expect(detectDelimiter('name\n')).toBe(',')
  })

  it('turns cells into field values or says why not', () => {
    expect(convertCell(field('price'), '12,50')).toEqual({ value: 12.5 })
    expect(convertCell(field('price'), ' 3.25 ')).toEqual({ value: 3.25 })
    expect(convertCell(field('price'), 'abc')).toEqual({ problem: 'must be a number, not "abc"' })
    expect(convertCell(field('price'), '')).toEqual({ value: null })
    expect(convertCell(field('name'), '  Boot ')).toEqual({ value: 'Boot' })
    expect(convertCell(field('price'), { formula: 'A1*2' })).toEqual({
      problem: 'is a formula (=A1*2): save the sheet with values'
    })
    expect(convertCell(field('name'), 'x'.repeat(64 * 1024 + 1))).toEqual({
      problem: 'is longer than 64 KiB (65537 characters)'
    })
  })

  it('tells the kind by magic bytes before the name', () => {
    expect(fileKind('data.csv', Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('xlsx')
    expect(fileKind('data.txt', Buffer.from('a,b'))).toBe('csv')
    expect(() => fileKind('data.xlsx', Buffer.from('a,b'))).toThrow('not an XLSX file')
    expect(() => fileKind('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toThrow('97-2003')
  })
})
